/* loaders.c -- the loaders of untrusted files (see loaders.h). */

#include <config.h>

#include <string.h>

#include "backprop.h"
#include "loaders.h"

static int
load_toy (const char *path, bp_error *err)
{
  bp_problem *t;
  int status = bp_problem_load_toy (path, &t, err);
  bp_problem_free (t);
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

static int
load_npz (const char *path, bp_error *err)
{
  bp_npz *z = NULL;
  int status = bp_npz_read (path, &z, err);
  bp_npz_free (z);
  return status;
}

/* IDX files hold images (3 dimensions) or labels (1): try the number of
 * dimensions that the file's own header claims, as the data loader does
 * for each of its four files. */
static int
load_idx (const char *path, bp_error *err)
{
  bp_idx *a = NULL;
  int status = bp_idx_read (path, 3, &a, err);
  if (status)
    {
      bp_error second;
      if (bp_idx_read (path, 1, &a, &second) == 0)
        status = 0;
    }
  bp_idx_free (a);
  return status;
}

static int
load_cifar (const char *path, bp_error *err)
{
  bp_dataset *ds = NULL;
  int status = bp_cifar_read (&path, 1, &ds, err);
  bp_dataset_free (ds);
  return status;
}

static int
load_model (const char *path, bp_error *err)
{
  bp_model *m = NULL;
  int status = bp_model_load (path, &m, err);
  bp_model_free (m);
  return status;
}

const bp_loader bp_loaders[] = {
  { "toy", load_toy },
  { "npy", load_npy },
  { "npz", load_npz },
  { "idx", load_idx },
  { "cifar", load_cifar },
  { "model", load_model },
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
