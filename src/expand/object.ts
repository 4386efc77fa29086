// The plain-data shape of a generated Kubernetes object. Maps keep label and annotation order
// exact (object keys would move integer-like keys first). Pure types and helpers.
import type { Labels } from './labels.js';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Labels;
  annotations?: Map<string, string>;
}

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export const objectMeta = (name: string, namespace: string | undefined, labels: Labels): ObjectMeta => ({
  name,
  ...(namespace !== undefined ? { namespace } : {}),
  labels,
});
