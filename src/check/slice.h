/* slice.h -- from a store back to the line that shows its mistake (private
 * to the check layer).
 *
 * A student's store into a gradient is often a copy, a library call or a
 * helper's; the mistake is in what it read:
 *
 *     gsl_matrix_sub (Y1, P);              <- the mistake: P - Y1, reversed
 *     gsl_matrix_memcpy (g->dz2, Y1);
 *     gsl_matrix_scale (g->dz2, 1.0 / N);  <- the last store into dz2
 *
 * bp_slice_back walks back from the store through the lines that wrote
 * what it reads (and theirs), out of a helper to its call and into a
 * helper whose body does it, to the first line that shows what the cause
 * says (a minus, for a sign). */

#ifndef BP_SLICE_H
#define BP_SLICE_H

#include <stddef.h>

/* What the line of a mistake shows, for bp_slice_back. */
enum bp_slice_shows {
  BP_SHOWS_NAME,                /* the name given (reg, prob) */
  BP_SHOWS_COMPARISON,          /* a mask's test (> 0, ?:), or the call of
                                   a helper that tests (given the wrong
                                   operand) */
  BP_SHOWS_TEST,                /* a test that is itself wrong (>= 0 on
                                   p1), in a helper too */
  BP_SHOWS_MASKING,             /* a mask applied (a test, mul_elements) */
  BP_SHOWS_MINUS,               /* a subtraction (a sign) */
  BP_SHOWS_DIVISION,            /* a division once too often: where a
                                   factor is used, not where it is made */
  BP_SHOWS_DIVISOR,             /* a division by the wrong count, also
                                   where a factor is made */
  BP_SHOWS_INT_DIVISION,        /* 1 / N in integers (a zero) */
  BP_SHOWS_ROW,                 /* a row or column view (a bias summed
                                   on rows, of dz2 or of its transpose) */
  BP_SHOWS_OVERWRITE,           /* a store into the gradient `name' with =
                                   that does not read it (+= belongs) */
  BP_SHOWS_SUM,                 /* a sum made (s += e, sum_cols (E, s)): a
                                   softmax's denominator, in a helper too */
  BP_SHOWS_ZEROED,              /* a variable set to zero (sum = 0.0;) */
  BP_SHOWS_LABELS,              /* a one-hot made: a test (j == y[i]) or
                                   the labels `name' read (P[i][y[i]]) */
  BP_SHOWS_ADDS_ONE,            /* a one added (*p += 1.0;, += 1.0 / N)
                                   where it is subtracted */
  BP_SHOWS_FROM_ONE,            /* a value taken from one (1.0 - p) where
                                   one is taken from it */
  BP_SHOWS_SAME_ARMS,           /* a choice whose two arms are the same
                                   (t ? a[k] : a[k]): a branch pasted and
                                   not changed */
  BP_SHOWS_NOTHING              /* nothing: walk the whole slice */
};

/* Lines of one file (the lines that make the right gradients). */
enum { BP_SLICE_LINES = 512 };
typedef struct bp_slice_lines {
  char file[512];
  int line[BP_SLICE_LINES];
  int n;
} bp_slice_lines;

/* Follow the store into gradient grad at line `line' of the C file path
 * back through what it reads: the lines of the same function that wrote
 * one of its variables, then theirs, nearest first (and, for a
 * comparison, the ifs the store is inside); out of a helper, at the call
 * that passes grad; at a call of a helper whose body shows `what', that
 * call; a line of `right' (NULL: none) is passed over.  The first line
 * that shows `what' (name, for BP_SHOWS_NAME), its text, trimmed, into
 * text; or 0. */
int bp_slice_back (const char *path, int line, const char *grad,
                   enum bp_slice_shows what, const char *name,
                   const bp_slice_lines *right, char *text, size_t len);

/* The lines of the slice of the store into grad at `line' (the lines
 * that made what a right gradient stores), added to into; a line among
 * them, which makes a right gradient, is no root's mistake, and
 * bp_slice_back given them as `right' passes over them. */
void bp_slice_collect (const char *path, int line, const char *grad,
                       bp_slice_lines *into);

/* Is alias a name students give what `name' holds (a1 or h for p1, or
 * a shortening or a longer form of name itself: pr or probs for prob)? */
int bp_slice_usual_name (const char *name, const char *alias);

/* Does the statement text itself show `what' (a line bp_slice_back
 * returned may instead be a call of a helper whose body shows it)? */
int bp_slice_line_shows (const char *text, enum bp_slice_shows what,
                         const char *name);

/* When line `line' of path lies in a helper, the call of the helper that
 * passes grad, or its only call; its text into text; or 0. */
int bp_slice_call_of (const char *path, int line, const char *grad,
                      char *text, size_t len);

/* Line `line' gives the array name to a helper of the file, as its one
 * argument (T (net->W2), transpose (cache->p1)) or to its one call
 * (load_T (H, C, w2t, net->W2)): the first line of the helper's body
 * that stores an element or a block, where the helper builds what it
 * returns; its text into text; or 0. */
int bp_slice_transposer (const char *path, int line, const char *name,
                         char *text, size_t len);

/* How many calls the file makes of the helper around line `line' (0 in
 * a function the file never calls). */
int bp_slice_helper_calls (const char *path, int line);

/* The nearest of the `back' lines before line `line', in its function,
 * that shows `what' (as bp_slice_line_shows): where the slice cannot
 * follow (an alias of g's array, a value written through a pointer).
 * Returns it (its text into text), or 0. */
int bp_slice_near (const char *path, int line, int back,
                   enum bp_slice_shows what, const char *name, char *text,
                   size_t len);

/* When line `line' is the one statement of a helper that only stores
 * what it is given (static void sm (m, i, j, v) { gsl_matrix_set (m, i,
 * j, v); }), the call that passes grad, as a store a library makes is
 * its caller's: its line (its text into text), or 0. */
int bp_slice_setter_call (const char *path, int line, const char *grad,
                          char *text, size_t len);

/* The same, but the last call in the file that passes grad (a helper
 * called twice for one gradient: the later call, the one too many). */
int bp_slice_last_call_of (const char *path, int line, const char *grad,
                           char *text, size_t len);

/* Lines a and b (perhaps one line) call the same helper of the file (one
 * mistake that makes two roots, each at its call or both at one): the
 * line of the helper's body that shows `what' (name, for BP_SHOWS_NAME),
 * its text into text; or 0. */
int bp_slice_shared_helper (const char *path, int a, int b,
                            enum bp_slice_shows what, const char *name,
                            char *text, size_t len);

#endif /* BP_SLICE_H */
