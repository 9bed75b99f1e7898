/* loaders.c -- the loaders of untrusted files (see loaders.h). */

#include <config.h>

#include <string.h>

#include "backprop.h"
#include "loaders.h"

static int
load_toy (const char *path, bp_error *err)
{
  bp_toy *t;
  int status = bp_toy_load (path, &t, err);
  bp_toy_free (t);
  return status;
}

static int
load_npy (const char *path, bp_error *err)
{
  bp_npy *a = NULL;
  int status = bp_npy_read (path, &a, err);
  bp_npy_free (a);
  return status;
}

const bp_loader bp_loaders[] = {
  { "toy", load_toy },
  { "npy", load_npy },
};
const size_t bp_loaders_count = sizeof bp_loaders / sizeof bp_loaders[0];

const bp_loader *
bp_loader_lookup (const char *name)
{
  for (size_t i = 0; i < bp_loaders_count; i++)
    if (strcmp (bp_loaders[i].name, name) == 0)
      return &bp_loaders[i];
  return NULL;
}
