/* fuzz.c -- libFuzzer harnesses for backprop's loaders of untrusted bytes.
 *
 * Built once per loader with -DFUZZ_LOADER=name (see fuzz/fuzz.am, `make
 * fuzz`).  Each input is written to a file, since the loaders read files,
 * and handed to the loader; the loader must return, loading it or
 * refusing it with a message, and never crash, leak or read out of
 * bounds (AddressSanitizer and UndefinedBehaviorSanitizer watch). */

#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"
#include "loaders.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static char path[64];
  const bp_loader *l = bp_loader_lookup (FUZZ_LOADER);
  bp_error err;
  FILE *f;

  if (path[0] == '\0')
    {
      gsl_set_error_handler_off ();
      snprintf (path, sizeof path, "/dev/shm/backprop-fuzz-%ld",
                (long) getpid ());
    }
  f = fopen (path, "wb");
  if (f == NULL || l == NULL)
    abort ();
  fwrite (data, 1, size, f);
  fclose (f);
  err.msg[0] = '\0';
  if (l->load (path, &err) != 0 && err.msg[0] == '\0')
    abort ();                   /* refused without saying why */
  unlink (path);
  return 0;
}
