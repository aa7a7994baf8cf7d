// Every test process gets its own folder for member-record keys (db/vault/key-store.ts),
// never the project's ./.data.
import { useTemporaryKeyDirectory } from "@/db/vault/key-store";

if (!process.env.CONCERT_KEY_DIR_FIXED) useTemporaryKeyDirectory();
