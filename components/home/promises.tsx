/** What Concert asks of a person who joins. Shared by the front door and the join page. */
export function WhatItAsks() {
  return (
    <ul className="flex list-disc flex-col gap-2 pl-5 text-slate-800">
      <li>
        <strong>A handle and a password.</strong> The handle is a pseudonym: no real name, no
        platform account id. Email is optional and never shown.
      </li>
      <li>
        <strong>Your say, when you want.</strong> Vote in the collective&apos;s sessions on what to
        ask of the platform.
      </li>
      <li>
        <strong>One small change, when a campaign runs.</strong> You enter the record you hold on
        the platform (for example your profile text), get your own instruction (what to add or
        change), make that change on the platform, then paste back what you submitted so Concert can
        check it.
      </li>
      <li>
        <strong>You can stop at any time.</strong> Withdraw, and you get steps to undo the change,
        and your record is deleted.
      </li>
    </ul>
  );
}

/** The privacy promises in plain words (the full list is SECURITY.md). */
export function WhatItPromises() {
  return (
    <div className="flex flex-col gap-3 text-slate-800">
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-3">
          <h3 className="font-semibold">Organizers can see</h3>
          <ul className="mt-1 list-disc pl-5 text-sm">
            <li>how many members the collective has;</li>
            <li>handles and roles, once the collective has at least 5 members;</li>
            <li>totals (how many took part, confirmed, voted), only for groups of at least 5.</li>
          </ul>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-3">
          <h3 className="font-semibold">Nobody can see, whatever their role</h3>
          <ul className="mt-1 list-disc pl-5 text-sm">
            <li>your email;</li>
            <li>your record, your instruction or what you confirmed;</li>
            <li>how you voted: votes are secret.</li>
          </ul>
        </div>
      </div>
      <ul className="flex list-disc flex-col gap-2 pl-5">
        <li>
          <strong>You are a pseudonym.</strong> Everyone in a collective, organizers included, knows
          you only by your handle.
        </li>
        <li>
          <strong>A minimum of 5.</strong> Every number about people is computed over at least 5 of
          them, and withheld below that, so it cannot point at one person.
        </li>
        <li>
          <strong>Deletion is real.</strong> Each record is encrypted under a key of its own. When
          you withdraw, leave or delete your account, that key is destroyed (crypto-shredding), so
          no copy of the record, not even a backup, can be opened again.
        </li>
        <li>
          <strong>No trackers.</strong> Pages load nothing from other sites.
        </li>
        <li>
          <strong>What it cannot hide.</strong> The server knows that you have an account, which
          collectives you are in and when you acted. Someone who seizes it learns that much, but not
          your records or votes.
        </li>
      </ul>
    </div>
  );
}
