// Constants the modules share: poll(2) event bits, defined once on the
// runtime floor (whose adapters report them). Taken from types.ts, not
// mod.ts, so a multiprocessing child that needs them loads no socket
// adapter. Errno numbers come from errno/constants.ts, the ground.

export {
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLOUT,
  POLLRDHUP,
  POLLRDNORM,
  POLLWRNORM,
} from "../_runtime/types.ts";
