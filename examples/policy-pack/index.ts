// Policy as code for Smartflo IVRs: rules an ops team holds every stack to, checked by
// `pulumi preview --policy-pack <this folder>` before anything changes in the account.
//
//   ivr-reaches-a-human        every menu lets a caller reach a person
//   ivr-retries-within-bounds  wrong-key and no-key retries stay between minRetries and maxRetries
//   ivr-has-a-route-in         no IVR sits in the account with nothing routing to it
//
// All three are mandatory: a violation fails the preview (and `pulumi up`). Each can be lowered
// to advisory, or tuned, with `--policy-pack-config <file.json>` (see README.md).
import { PolicyPack } from "@pulumi/policy";
import { hasARouteIn, reachesAHuman, retriesWithinBounds } from "./rules";

new PolicyPack("smartflo-ivrs", {
  policies: [reachesAHuman, retriesWithinBounds, hasARouteIn],
});
