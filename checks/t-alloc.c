/* t-alloc.c -- allocation with zero or overflowing sizes fails cleanly,
 * and the toy loader refuses malformed files with a message. */

#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"
#include "tap.h"

static void
expect_null (void *p, const char *what)
{
  /* The call was made before this function ran; the handler kept its
   * error, which we then clear for the next case. */
  ok (p == NULL && tap_gsl_errno == GSL_EINVAL,
      "%s fails with GSL_EINVAL (got %s)", what,
      p == NULL ? gsl_strerror (tap_gsl_errno) : "an object");
  tap_gsl_errno = 0;
}

/* Write text to a temporary file, load it as a toy file, and expect the
 * error message to contain want. */
static void
expect_toy_error (const char *text, const char *want, const char *what)
{
  char path[] = "t-alloc-XXXXXX";
  bp_problem *toy = (bp_problem *) 1;
  bp_error err = { "" };
  int fd = mkstemp (path);
  FILE *f = fd >= 0 ? fdopen (fd, "w") : NULL;

  if (f == NULL)
    bail ("cannot create a temporary file");
  fputs (text, f);
  fclose (f);
  ok (bp_problem_load_toy (path, &toy, &err) != 0 && toy == NULL,
      "toy loader refuses %s", what);
  is_substr (err.msg, want, "... and says so");
  remove (path);
}

static const char good_head[] =
  "# a comment\nX 2 2\n1 2\n3 4\ny 1 2\n0 1\nW1 2 3\n1 2 3 4 5 6\n"
  "b1 1 3 # biases\n0 0 0\n";
static const char good_tail[] =
  "W2 3 2\n1 2 3 4 5 6.25\nb2 1 2\n0 0\n";

int
main (void)
{
  char buf[512];
  bp_problem *toy;
  bp_error err;

  tap_gsl_handler_install ();
  plan (19);
  expect_null (bp_net_alloc (0, 3, 2), "bp_net_alloc with D = 0");
  expect_null (bp_net_alloc (4, 0, 2), "bp_net_alloc with H = 0");
  expect_null (bp_net_alloc (SIZE_MAX / 2, SIZE_MAX / 4, 2),
               "bp_net_alloc with D*H overflowing");
  expect_null (bp_net_alloc (3, SIZE_MAX / 16, 2),
               "bp_net_alloc with the byte count overflowing");
  expect_null (bp_cache_alloc (0, 3, 2), "bp_cache_alloc with N = 0");
  expect_null (bp_cache_alloc (SIZE_MAX / 3, 5, 2),
               "bp_cache_alloc with N*H overflowing");
  expect_null (bp_grads_alloc (5, 4, 10, 0), "bp_grads_alloc with C = 0");
  expect_null (bp_grads_alloc (SIZE_MAX / 8, 4, 10, 3),
               "bp_grads_alloc with N*H overflowing");

  /* A well-formed file loads, and each damaged copy of it is refused. */
  snprintf (buf, sizeof buf, "%s%s", good_head, good_tail);
  {
    char path[] = "t-alloc-XXXXXX";
    int fd = mkstemp (path);
    FILE *f = fd >= 0 ? fdopen (fd, "w") : NULL;
    if (f == NULL)
      bail ("cannot create a temporary file");
    fputs (buf, f);
    fclose (f);
    ok (bp_problem_load_toy (path, &toy, &err) == 0 && toy->net->H == 3
        && toy->y[1] == 1 && gsl_matrix_get (toy->net->W2, 2, 1) == 6.25,
        "a well-formed 2x2-3-2 toy file loads");
    bp_problem_free (toy);
    remove (path);
  }
  snprintf (buf, sizeof buf, "%sW2 3 2\n1 2 3\n", good_head);
  expect_toy_error (buf, "block W2 ends after 3 of its 6 values",
                    "a truncated block");
  snprintf (buf, sizeof buf, "%s%s", good_head, "W2 3 2\n1 2 x 4 5 6\n");
  expect_toy_error (buf, "value 3 is 'x', not a number", "a non-number");
  snprintf (buf, sizeof buf, "%s%s", good_head, "W2 3 2\n1 2 nan 4 5 6\n");
  expect_toy_error (buf, "value 3 is not a finite number", "a NaN");
  expect_toy_error ("X 2 2\n1 2 3 4\ny 1 2\n0 5\nW1 2 3\n1 2 3 4 5 6\n"
                    "b1 1 3\n0 0 0\nW2 3 2\n1 2 3 4 5 6\nb2 1 2\n0 0\n",
                    "label y[1] = 5", "a label out of range");
  expect_toy_error ("X 2 99999999999\n", "ROWS and COLS must be positive",
                    "an absurd size");
  return tap_done ();
}
