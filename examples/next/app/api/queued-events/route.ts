export { POST } from "../../../durable/producer-route";
