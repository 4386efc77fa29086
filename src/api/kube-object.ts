// Questions about a Kubernetes object given as plain data (parsed input, earlier output, a
// functionConfig): is it an object, its metadata, annotations and labels, its reference and key,
// is it local config. The one place the layers above text ask them (text/values.ts is the text
// layer's own), as the kpt SDK's go/fn/object.go is for Go functions. Pure.
import { isObject } from '../text/values.js';

export { deepEqual, isObject } from '../text/values.js';

/** apiVersion, kind, name and namespace (absent when unset or empty): what a KRM result's resourceRef holds. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** The annotation that keeps an object out of what is applied (kpt, kustomize). */
export const LOCAL_CONFIG_ANNOTATION = 'config.kubernetes.io/local-config';

/** `metadata`, or an empty mapping when it is missing or not a mapping. */
export const metadataOf = (o: Record<string, unknown>): Record<string, unknown> => (isObject(o.metadata) ? o.metadata : {});

/** `metadata.annotations`, or an empty mapping when missing or not a mapping. */
export function annotationsOf(o: Record<string, unknown>): Record<string, unknown> {
  const metadata = metadataOf(o);
  return isObject(metadata.annotations) ? metadata.annotations : {};
}

/**
 * The object's reference. apiVersion and kind as written (String of a scalar, '' when missing);
 * name only when it is a string; namespace only when it is a non-empty string.
 */
export function refOf(o: Record<string, unknown>): ObjectRef {
  const metadata = metadataOf(o);
  const ref: ObjectRef = {
    apiVersion: String(o.apiVersion ?? ''),
    kind: String(o.kind ?? ''),
    name: typeof metadata.name === 'string' ? metadata.name : '',
  };
  if (typeof metadata.namespace === 'string' && metadata.namespace !== '') ref.namespace = metadata.namespace;
  return ref;
}

/** `kind/namespace/name`: what tells two objects of one render apart (the apiVersion does not). */
export const keyOf = (ref: { kind: string; namespace?: string; name: string }): string => `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;

/** The kind a key of keyOf names. */
export const kindOfKey = (key: string): string => key.slice(0, key.indexOf('/'));

/** Marked local-config as kpt and kustomize read it: the annotation is there and not false. */
export function isLocalConfig(o: Record<string, unknown>): boolean {
  const local = annotationsOf(o)[LOCAL_CONFIG_ANNOTATION];
  return local !== undefined && local !== 'false' && local !== false;
}
