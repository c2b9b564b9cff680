export { POST } from "../../../durable/producer-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
