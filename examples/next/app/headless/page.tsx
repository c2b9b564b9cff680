import { HeadlessList } from "./headless-list";

export const metadata = { title: "Discord Webhooks (your own UI)" };

// For platforms that want their own UI: the JSON routes are the whole contract (see the package README).
export default function Headless() {
  return (
    <main>
      <h1>Discord Webhooks (your own UI)</h1>
      <HeadlessList />
    </main>
  );
}
