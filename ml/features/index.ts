/** Features for the engine: tokenizer, hashed text, categorical and numeric columns, labels. */
export { tokenize } from "./tokenize";
export { createFeaturizer, loadFeaturizer, DEFAULT_BUCKETS, type Featurizer } from "./featurizer";
export { encodeLabels } from "./labels";
export { mixHash, tokenHash, unigramBucket, bigramBucket, hashText, hashTokens } from "./hashing";
