// Constants the modules share: poll(2) event bits, defined once on the
// runtime floor (whose adapters report them). Errno numbers come from
// errno/constants.ts, the ground.

export {
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLOUT,
  POLLRDHUP,
  POLLRDNORM,
  POLLWRNORM,
} from "../_runtime/mod.ts";
