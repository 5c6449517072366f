SELECT e."ts" AS "ts", e."event" AS "event", e."call_id" AS "call_id", e."caller" AS "caller", e."callee" AS "callee", e."sender" AS "sender", e."src_ip" AS "src_ip", e."client" AS "client", e."payload_len" AS "payload_len", e."malformed" AS "malformed", e."end_reason" AS "end_reason" FROM src_call_telemetry AS e WHERE e."end_reason" = $1;
-- params: ["star*"]
