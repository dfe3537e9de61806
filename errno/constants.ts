// Symbolic errno constants with Linux values.

/** `EPERM` (1): Operation not permitted. */
export const EPERM: number = 1;
/** `ENOENT` (2): No such file or directory. */
export const ENOENT: number = 2;
/** `ESRCH` (3): No such process. */
export const ESRCH: number = 3;
/** `EINTR` (4): Interrupted system call. */
export const EINTR: number = 4;
/** `EIO` (5): Input/output error. */
export const EIO: number = 5;
/** `ENXIO` (6): No such device or address. */
export const ENXIO: number = 6;
/** `E2BIG` (7): Argument list too long. */
export const E2BIG: number = 7;
/** `ENOEXEC` (8): Exec format error. */
export const ENOEXEC: number = 8;
/** `EBADF` (9): Bad file descriptor. */
export const EBADF: number = 9;
/** `ECHILD` (10): No child processes. */
export const ECHILD: number = 10;
/** `EAGAIN` (11): Resource temporarily unavailable. */
export const EAGAIN: number = 11;
/** `ENOMEM` (12): Cannot allocate memory. */
export const ENOMEM: number = 12;
/** `EACCES` (13): Permission denied. */
export const EACCES: number = 13;
/** `EFAULT` (14): Bad address. */
export const EFAULT: number = 14;
/** `ENOTBLK` (15): Block device required. */
export const ENOTBLK: number = 15;
/** `EBUSY` (16): Device or resource busy. */
export const EBUSY: number = 16;
/** `EEXIST` (17): File exists. */
export const EEXIST: number = 17;
/** `EXDEV` (18): Invalid cross-device link. */
export const EXDEV: number = 18;
/** `ENODEV` (19): No such device. */
export const ENODEV: number = 19;
/** `ENOTDIR` (20): Not a directory. */
export const ENOTDIR: number = 20;
/** `EISDIR` (21): Is a directory. */
export const EISDIR: number = 21;
/** `EINVAL` (22): Invalid argument. */
export const EINVAL: number = 22;
/** `ENFILE` (23): Too many open files in system. */
export const ENFILE: number = 23;
/** `EMFILE` (24): Too many open files. */
export const EMFILE: number = 24;
/** `ENOTTY` (25): Inappropriate ioctl for device. */
export const ENOTTY: number = 25;
/** `ETXTBSY` (26): Text file busy. */
export const ETXTBSY: number = 26;
/** `EFBIG` (27): File too large. */
export const EFBIG: number = 27;
/** `ENOSPC` (28): No space left on device. */
export const ENOSPC: number = 28;
/** `ESPIPE` (29): Illegal seek. */
export const ESPIPE: number = 29;
/** `EROFS` (30): Read-only file system. */
export const EROFS: number = 30;
/** `EMLINK` (31): Too many links. */
export const EMLINK: number = 31;
/** `EPIPE` (32): Broken pipe. */
export const EPIPE: number = 32;
/** `EDOM` (33): Numerical argument out of domain. */
export const EDOM: number = 33;
/** `ERANGE` (34): Numerical result out of range. */
export const ERANGE: number = 34;
/** `EDEADLOCK` (35): Resource deadlock avoided. */
export const EDEADLOCK: number = 35;
/** `ENAMETOOLONG` (36): File name too long. */
export const ENAMETOOLONG: number = 36;
/** `ENOLCK` (37): No locks available. */
export const ENOLCK: number = 37;
/** `ENOSYS` (38): Function not implemented. */
export const ENOSYS: number = 38;
/** `ENOTEMPTY` (39): Directory not empty. */
export const ENOTEMPTY: number = 39;
/** `ELOOP` (40): Too many levels of symbolic links. */
export const ELOOP: number = 40;
/** `ENOMSG` (42): No message of desired type. */
export const ENOMSG: number = 42;
/** `EIDRM` (43): Identifier removed. */
export const EIDRM: number = 43;
/** `ECHRNG` (44): Channel number out of range. */
export const ECHRNG: number = 44;
/** `EL2NSYNC` (45): Level 2 not synchronized. */
export const EL2NSYNC: number = 45;
/** `EL3HLT` (46): Level 3 halted. */
export const EL3HLT: number = 46;
/** `EL3RST` (47): Level 3 reset. */
export const EL3RST: number = 47;
/** `ELNRNG` (48): Link number out of range. */
export const ELNRNG: number = 48;
/** `EUNATCH` (49): Protocol driver not attached. */
export const EUNATCH: number = 49;
/** `ENOCSI` (50): No CSI structure available. */
export const ENOCSI: number = 50;
/** `EL2HLT` (51): Level 2 halted. */
export const EL2HLT: number = 51;
/** `EBADE` (52): Invalid exchange. */
export const EBADE: number = 52;
/** `EBADR` (53): Invalid request descriptor. */
export const EBADR: number = 53;
/** `EXFULL` (54): Exchange full. */
export const EXFULL: number = 54;
/** `ENOANO` (55): No anode. */
export const ENOANO: number = 55;
/** `EBADRQC` (56): Invalid request code. */
export const EBADRQC: number = 56;
/** `EBADSLT` (57): Invalid slot. */
export const EBADSLT: number = 57;
/** `EBFONT` (59): Bad font file format. */
export const EBFONT: number = 59;
/** `ENOSTR` (60): Device not a stream. */
export const ENOSTR: number = 60;
/** `ENODATA` (61): No data available. */
export const ENODATA: number = 61;
/** `ETIME` (62): Timer expired. */
export const ETIME: number = 62;
/** `ENOSR` (63): Out of streams resources. */
export const ENOSR: number = 63;
/** `ENONET` (64): Machine is not on the network. */
export const ENONET: number = 64;
/** `ENOPKG` (65): Package not installed. */
export const ENOPKG: number = 65;
/** `EREMOTE` (66): Object is remote. */
export const EREMOTE: number = 66;
/** `ENOLINK` (67): Link has been severed. */
export const ENOLINK: number = 67;
/** `EADV` (68): Advertise error. */
export const EADV: number = 68;
/** `ESRMNT` (69): Srmount error. */
export const ESRMNT: number = 69;
/** `ECOMM` (70): Communication error on send. */
export const ECOMM: number = 70;
/** `EPROTO` (71): Protocol error. */
export const EPROTO: number = 71;
/** `EMULTIHOP` (72): Multihop attempted. */
export const EMULTIHOP: number = 72;
/** `EDOTDOT` (73): RFS specific error. */
export const EDOTDOT: number = 73;
/** `EBADMSG` (74): Bad message. */
export const EBADMSG: number = 74;
/** `EOVERFLOW` (75): Value too large for defined data type. */
export const EOVERFLOW: number = 75;
/** `ENOTUNIQ` (76): Name not unique on network. */
export const ENOTUNIQ: number = 76;
/** `EBADFD` (77): File descriptor in bad state. */
export const EBADFD: number = 77;
/** `EREMCHG` (78): Remote address changed. */
export const EREMCHG: number = 78;
/** `ELIBACC` (79): Can not access a needed shared library. */
export const ELIBACC: number = 79;
/** `ELIBBAD` (80): Accessing a corrupted shared library. */
export const ELIBBAD: number = 80;
/** `ELIBSCN` (81): .lib section in a.out corrupted. */
export const ELIBSCN: number = 81;
/** `ELIBMAX` (82): Attempting to link in too many shared libraries. */
export const ELIBMAX: number = 82;
/** `ELIBEXEC` (83): Cannot exec a shared library directly. */
export const ELIBEXEC: number = 83;
/** `EILSEQ` (84): Invalid or incomplete multibyte or wide character. */
export const EILSEQ: number = 84;
/** `ERESTART` (85): Interrupted system call should be restarted. */
export const ERESTART: number = 85;
/** `ESTRPIPE` (86): Streams pipe error. */
export const ESTRPIPE: number = 86;
/** `EUSERS` (87): Too many users. */
export const EUSERS: number = 87;
/** `ENOTSOCK` (88): Socket operation on non-socket. */
export const ENOTSOCK: number = 88;
/** `EDESTADDRREQ` (89): Destination address required. */
export const EDESTADDRREQ: number = 89;
/** `EMSGSIZE` (90): Message too long. */
export const EMSGSIZE: number = 90;
/** `EPROTOTYPE` (91): Protocol wrong type for socket. */
export const EPROTOTYPE: number = 91;
/** `ENOPROTOOPT` (92): Protocol not available. */
export const ENOPROTOOPT: number = 92;
/** `EPROTONOSUPPORT` (93): Protocol not supported. */
export const EPROTONOSUPPORT: number = 93;
/** `ESOCKTNOSUPPORT` (94): Socket type not supported. */
export const ESOCKTNOSUPPORT: number = 94;
/** `ENOTSUP` (95): Operation not supported. */
export const ENOTSUP: number = 95;
/** `EPFNOSUPPORT` (96): Protocol family not supported. */
export const EPFNOSUPPORT: number = 96;
/** `EAFNOSUPPORT` (97): Address family not supported by protocol. */
export const EAFNOSUPPORT: number = 97;
/** `EADDRINUSE` (98): Address already in use. */
export const EADDRINUSE: number = 98;
/** `EADDRNOTAVAIL` (99): Cannot assign requested address. */
export const EADDRNOTAVAIL: number = 99;
/** `ENETDOWN` (100): Network is down. */
export const ENETDOWN: number = 100;
/** `ENETUNREACH` (101): Network is unreachable. */
export const ENETUNREACH: number = 101;
/** `ENETRESET` (102): Network dropped connection on reset. */
export const ENETRESET: number = 102;
/** `ECONNABORTED` (103): Software caused connection abort. */
export const ECONNABORTED: number = 103;
/** `ECONNRESET` (104): Connection reset by peer. */
export const ECONNRESET: number = 104;
/** `ENOBUFS` (105): No buffer space available. */
export const ENOBUFS: number = 105;
/** `EISCONN` (106): Transport endpoint is already connected. */
export const EISCONN: number = 106;
/** `ENOTCONN` (107): Transport endpoint is not connected. */
export const ENOTCONN: number = 107;
/** `ESHUTDOWN` (108): Cannot send after transport endpoint shutdown. */
export const ESHUTDOWN: number = 108;
/** `ETOOMANYREFS` (109): Too many references: cannot splice. */
export const ETOOMANYREFS: number = 109;
/** `ETIMEDOUT` (110): Connection timed out. */
export const ETIMEDOUT: number = 110;
/** `ECONNREFUSED` (111): Connection refused. */
export const ECONNREFUSED: number = 111;
/** `EHOSTDOWN` (112): Host is down. */
export const EHOSTDOWN: number = 112;
/** `EHOSTUNREACH` (113): No route to host. */
export const EHOSTUNREACH: number = 113;
/** `EALREADY` (114): Operation already in progress. */
export const EALREADY: number = 114;
/** `EINPROGRESS` (115): Operation now in progress. */
export const EINPROGRESS: number = 115;
/** `ESTALE` (116): Stale file handle. */
export const ESTALE: number = 116;
/** `EUCLEAN` (117): Structure needs cleaning. */
export const EUCLEAN: number = 117;
/** `ENOTNAM` (118): Not a XENIX named type file. */
export const ENOTNAM: number = 118;
/** `ENAVAIL` (119): No XENIX semaphores available. */
export const ENAVAIL: number = 119;
/** `EISNAM` (120): Is a named type file. */
export const EISNAM: number = 120;
/** `EREMOTEIO` (121): Remote I/O error. */
export const EREMOTEIO: number = 121;
/** `EDQUOT` (122): Disk quota exceeded. */
export const EDQUOT: number = 122;
/** `ENOMEDIUM` (123): No medium found. */
export const ENOMEDIUM: number = 123;
/** `EMEDIUMTYPE` (124): Wrong medium type. */
export const EMEDIUMTYPE: number = 124;
/** `ECANCELED` (125): Operation canceled. */
export const ECANCELED: number = 125;
/** `ENOKEY` (126): Required key not available. */
export const ENOKEY: number = 126;
/** `EKEYEXPIRED` (127): Key has expired. */
export const EKEYEXPIRED: number = 127;
/** `EKEYREVOKED` (128): Key has been revoked. */
export const EKEYREVOKED: number = 128;
/** `EKEYREJECTED` (129): Key was rejected by service. */
export const EKEYREJECTED: number = 129;
/** `EOWNERDEAD` (130): Owner died. */
export const EOWNERDEAD: number = 130;
/** `ENOTRECOVERABLE` (131): State not recoverable. */
export const ENOTRECOVERABLE: number = 131;
/** `ERFKILL` (132): Operation not possible due to RF-kill. */
export const ERFKILL: number = 132;
/** `EWOULDBLOCK` (11). */
export const EWOULDBLOCK: number = 11;
/** `EDEADLK` (35): another name for EDEADLOCK. */
export const EDEADLK: number = 35;
/** `EOPNOTSUPP` (95): another name for ENOTSUP. */
export const EOPNOTSUPP: number = 95;
