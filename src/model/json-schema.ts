// The JSON Schema of the command's JSON output, generated from the zod schemas (never written
// by hand): one result, or an array of them (several inputs, --array); a .jsonl line is one.
import { z } from 'zod';
import { ExtractErrorSchema, FileResultSchema, FindingSchema, FormSchema, FundsRowSchema, IndicatorSchema } from './schema.js';

/** The JSON Schema (draft 2020-12) of `--format json` output. */
export function outputJsonSchema(): Record<string, unknown> {
  // named parts become $defs, so that the schema reads like the README
  const names = z.registry<{ id: string }>();
  names.add(FileResultSchema, { id: 'FileResult' });
  names.add(FormSchema, { id: 'Form' });
  names.add(FundsRowSchema, { id: 'FundsRow' });
  names.add(IndicatorSchema, { id: 'Indicator' });
  names.add(FindingSchema, { id: 'Finding' });
  names.add(ExtractErrorSchema, { id: 'ExtractError' });
  const output = z.union([FileResultSchema, z.array(FileResultSchema)]);
  const schema = z.toJSONSchema(output, { metadata: names });
  return {
    $schema: schema.$schema,
    title: 'eval-extract output',
    description: 'One result per input PDF: its forms and the errors met reading it (--format json; each line of --format jsonl is one FileResult).',
    ...schema,
  };
}
