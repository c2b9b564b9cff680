/**
 * Public types of what the fake keeps about messages: the messages, their attachments and edits, forum posts.
 */

/** A message the fake accepted (answered 200 or 204), in arrival order. */
export interface FakeMessage {
  /** The message id the fake assigned (returned with `?wait=true`). */
  id: string;
  webhookId: string;
  channelId: string;
  /** The thread (or forum post) it is in. */
  threadId: string | null;
  /** The JSON body as sent (multipart: its `payload_json`), with the fields of later edits merged in. */
  body: Record<string, unknown>;
  /** The message's flags as Discord keeps them (SUPPRESS_EMBEDS 4, SUPPRESS_NOTIFICATIONS 4096, IS_COMPONENTS_V2 32768). */
  flags: number;
  /** The components Discord kept: `[]` when the request lacked `?with_components=true` (Discord drops them then). */
  components: unknown[];
  /** The files it carries. */
  attachments: FakeAttachment[];
  /** Its edits, oldest first. */
  edits: FakeMessageEdit[];
  /** When it was deleted (Delete Webhook Message); later requests for it get 404 code 10008. */
  deletedAt: Date | null;
  /** Whether the request asked `?wait=true`. */
  wait: boolean;
  receivedAt: Date;
}

/** A file the fake received as a multipart part (`files[n]`), listed on the message as Discord lists attachments. */
export interface FakeAttachment {
  /** The attachment's snowflake. */
  id: string;
  filename: string;
  /** The description given in `payload_json.attachments`, if any. */
  description: string | null;
  /** The part's content type; `null` when the client sent none. */
  contentType: string | null;
  /** Bytes. */
  size: number;
  /** The bytes as received. */
  data: Uint8Array;
}

/** One edit of a message: when it happened and what the message showed before. */
export interface FakeMessageEdit {
  at: Date;
  /** The message's JSON fields before this edit (`content`, `embeds`, ... as they were). */
  previous: Record<string, unknown>;
}

/** A tag a forum or media channel offers; posts list theirs in `applied_tags`. */
export interface FakeForumTag {
  /** Snowflake. */
  id: string;
  name: string;
}

/** A post of a forum or media channel (a thread), created by a message with `thread_name`. */
export interface FakeForumPost {
  /** The thread's id; Discord gives it the id of its first message. */
  id: string;
  /** The forum channel. */
  channelId: string;
  /** The post's title (`thread_name`). */
  name: string;
  /** The ids of its tags (`applied_tags`). */
  tags: readonly string[];
  createdAt: Date;
}
