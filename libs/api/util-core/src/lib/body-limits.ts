/** No request of this API nests deeper; a deeper body is refused before anything walks it recursively. */
export const MAX_JSON_DEPTH = 32;

/** The largest request body, in bytes of UTF-8; a larger one is refused (413) before it is read to the end. */
export const MAX_JSON_BODY_BYTES = 1_048_576;
