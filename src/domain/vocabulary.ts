/**
 * The fixed words of the grammar (docs/commands.md). They live beside the schema (db/vocabulary.ts) because its
 * enums are made of them, and dependencies point adapters → src → db; the domain re-exports them.
 */
export * from "../../db/vocabulary.js";
