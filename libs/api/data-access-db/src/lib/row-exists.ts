/** Whether the query finds a row: what it selects is not read, so a key is enough. */
export async function rowExists(query: { executeTakeFirst(): Promise<unknown> }): Promise<boolean> {
  return (await query.executeTakeFirst()) !== undefined;
}
