import Link from "next/link";

export default function Home() {
  return (
    <main>
      <h1>Acme Hosting</h1>
      <p>
        Settings → Discord Webhooks (the package&apos;s drop-in panel, served by the route handler at{" "}
        <code>/api/webhooks/</code>). Demo sign-in:{" "}
        <a href="/demo-login?user=alice">as the customer alice</a>, <a href="/demo-login?user=bob">as bob</a> or{" "}
        <a href="/demo-login?user=admin">as staff</a>.
      </p>
      <p>
        <Link href="/headless">Your own UI instead</Link>: a headless page over the same JSON routes.
      </p>
    </main>
  );
}
