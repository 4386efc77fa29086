// `schema`: the JSON Schemas of backupConfig and of the functionConfig, for editors and CRD authors.
import { backupConfigJsonSchema, functionConfigJsonSchema } from '../api/json-schema.js';

export const schemaDocument = (): string =>
  `${JSON.stringify({ backupConfig: backupConfigJsonSchema(), functionConfig: functionConfigJsonSchema() }, null, 2)}\n`;
