import Link from "next/link";

export default function Home() {
  return (
    <main>
      <h1>Acme Hosting</h1>
      <p>
        <Link href="/settings/discord-webhooks">Settings → Discord Webhooks</Link>
      </p>
    </main>
  );
}
