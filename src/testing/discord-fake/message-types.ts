/**
 * Public types of what the fake keeps about messages: attachments, edits, forum posts.
 */

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
