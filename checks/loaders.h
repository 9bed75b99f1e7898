/* loaders.h -- every loader of untrusted files, behind one signature, for
 * the fuzzers (fuzz/fuzz.c) and the replay of their findings
 * (checks/t-replay.c). */

#ifndef BP_LOADERS_H
#define BP_LOADERS_H

#include "backprop/error.h"

typedef struct bp_loader {
  const char *name;             /* also the folder under checks/fuzz/ */
  /* Load the file and free what was loaded: 0, or nonzero with err. */
  int (*load) (const char *path, bp_error *err);
} bp_loader;

extern const bp_loader bp_loaders[];
extern const size_t bp_loaders_count;
const bp_loader *bp_loader_lookup (const char *name);

#endif /* BP_LOADERS_H */
