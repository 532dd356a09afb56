// Temporal's JSON history format (what `temporal workflow show --output json` writes), for the replay fixtures.
// @temporalio/common's historyToJSON/historyFromJSON do this, but with their own copy of protobufjs, which this
// install nests apart from the copy @temporalio/proto was built with, so they fail with "type must be a Type".
// Here the JSON codec is taken from the protobufjs that @temporalio/proto itself resolves.
import { dirname } from 'node:path';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

export type History = proto.temporal.api.history.v1.IHistory;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
}

const protojsonPath = require.resolve('protobufjs/ext/protojson', {
  paths: [dirname(require.resolve('@temporalio/proto'))],
});
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a path resolved at run time, see above
const protojson = require(protojsonPath) as ProtoJson;
// The generated module's type omits the reflection API that patchProtobufRoot's result has at run time.
const root = patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown };
const historyType = root.lookupType('temporal.api.history.v1.History');

export function historyToJson(history: History): string {
  const message = proto.temporal.api.history.v1.History.fromObject(history);
  return `${JSON.stringify(protojson.toJson(historyType, message), null, 2)}\n`;
}

export function historyFromJson(json: string): History {
  return protojson.fromJson(historyType, JSON.parse(json), { ignoreUnknownFields: true }) as History;
}
