/* srctext.h -- a student's C file as text: its lines, statements,
 * identifiers, assignments and stores (private to the check layer;
 * srcline.c and slice.c read code with it).  Nothing here parses C:
 * these are the few shapes of a line that the rules of srcline.c and
 * slice.c look for. */

#ifndef BP_SRCTEXT_H
#define BP_SRCTEXT_H

#include <stddef.h>

#define BP_HIDDEN_TEXT __attribute__ ((visibility ("hidden")))

/* A line is read up to LINE_MAX_LEN - 1 characters; a name is shorter
 * than NAME_LEN; a file is read up to FILE_LINES lines; a statement is
 * joined over up to STATEMENT_LINES lines; "shortly before" a line is
 * within LOOK_BACK lines of it, and an array copied is looked for up to
 * COPY_LOOK_BACK lines back. */
enum { LINE_MAX_LEN = 512, NAME_LEN = 64, FILE_LINES = 4000,
       STATEMENT_LINES = 6, MAX_NAMES = 8, LOOK_BACK = 12,
       COPY_LOOK_BACK = 80 };

/* Lines from .. to of path into buf (row i is line from + i); returns
 * how many were read.  A line longer than a row keeps its beginning. */
int bp_text_read_into (const char *path, int from, int to,
                       char buf[][LINE_MAX_LEN]) BP_HIDDEN_TEXT;

/* Is s[i] the start of an assignment operator: =, +=, -=, *=, /=, not
 * ==, <=, >=, !=?  Sets *len to the operator's length. */
int bp_text_assignment_at (const char *s, size_t i,
                           size_t *len) BP_HIDDEN_TEXT;

/* Is name at p a whole identifier (of the string that starts at s)? */
int bp_text_word_at (const char *s, const char *p, size_t len) BP_HIDDEN_TEXT;

/* Does line name the identifier name? */
int bp_text_mentions (const char *line, const char *name) BP_HIDDEN_TEXT;

/* The next identifier of s at or after p, its length into *len; NULL
 * when there is none. */
const char *bp_text_next_identifier (const char *s, const char *p,
                                     size_t *len) BP_HIDDEN_TEXT;

/* Does s compare (==, !=, <, >, <=, >=, or a ?: choice)?  An arrow (->)
 * and shifts are not comparisons. */
int bp_text_compares (const char *s) BP_HIDDEN_TEXT;

/* Is line s the end of the function before (its closing brace) or the
 * start of this one (its name and parameters at the left margin)?  Looking
 * back from a store stops there. */
int bp_text_function_edge (const char *s) BP_HIDDEN_TEXT;

/* The head of the nearest block around line `line' of buf: the nearest
 * line before it, in its function, that is less indented than *indent
 * (at first the indent of the line inside) and is no comment, blank or
 * lone brace; its indent into *indent, so that calling again from it
 * goes one block further out.  0 at the function's edge. */
int bp_text_enclosing_head (char buf[][LINE_MAX_LEN], int line,
                            size_t *indent) BP_HIDDEN_TEXT;

/* Is line t (trimmed or not) a for loop's head? */
int bp_text_is_for (const char *t) BP_HIDDEN_TEXT;

/* Does line open a for loop over name: for (name = ..., for (size_t
 * name = ..., or a while loop that counts it: while (name < N - 1)? */
int bp_text_loop_over (const char *line, const char *name) BP_HIDDEN_TEXT;

/* Is line t a while loop's head (while (...), not a do loop's end)? */
int bp_text_is_while (const char *t) BP_HIDDEN_TEXT;

/* The variable a while loop's head tests first against a bound (n of
 * while (n < N - 1), i of while (i != A->size1)), into name; whether
 * there is one. */
int bp_text_while_counter (const char *line, char *name,
                           size_t len) BP_HIDDEN_TEXT;

/* Does t start a for loop (after any indent)?  Then *open is its '('
 * and *semi the ';' that ends its initialisation, the condition after
 * it. */
int bp_text_for_head (const char *t, const char **open, const char **semi)
  BP_HIDDEN_TEXT;

/* Is line s part of a comment (starting with //, slash-star, or the star
 * of a comment's inner line, but not a store through a pointer, *p = 0;),
 * or blank? */
int bp_text_comment_or_blank (const char *s) BP_HIDDEN_TEXT;

/* line without its leading and trailing blanks, into text. */
void bp_text_trim_into (const char *line, char *text,
                        size_t len) BP_HIDDEN_TEXT;

/* The statement that starts at row `row' of buf (n rows), its lines
 * joined, into stmt. */
void bp_text_join_statement (char buf[][LINE_MAX_LEN], int row, int n,
                             char *stmt, size_t len) BP_HIDDEN_TEXT;

/* The line, at or before `line' of buf (n rows), where the function
 * around it starts (its head, or the { or } bp_text_function_edge sees);
 * `line' itself when it is out of range. */
int bp_text_function_start (char buf[][LINE_MAX_LEN], int n,
                            int line) BP_HIDDEN_TEXT;

/* The same, back to the line of the function's head that opens its
 * parameters, when the start found is its body's {. */
int bp_text_function_head (char buf[][LINE_MAX_LEN], int n,
                           int line) BP_HIDDEN_TEXT;

/* The column where line s's text starts, a tab to the next multiple of
 * 8 (students mix tabs and spaces). */
size_t bp_text_indent (const char *s) BP_HIDDEN_TEXT;

/* The name of the function defined on line s (a line that starts with an
 * identifier and opens a parenthesis): the identifier before the '('. */
int bp_text_defined_name (const char *s, char *name,
                          size_t len) BP_HIDDEN_TEXT;

/* Does line call the function name? */
int bp_text_calls (const char *line, const char *name) BP_HIDDEN_TEXT;

/* The function that the statement on line s calls, when it is a call
 * (and not if (...), for (...) and the like), into name. */
int bp_text_called_name (const char *s, char *name,
                         size_t len) BP_HIDDEN_TEXT;

/* The same, also for a call whose value the statement assigns
 * (gsl_matrix *m = relu_mask (p1);). */
int bp_text_value_call (const char *s, char *name,
                        size_t len) BP_HIDDEN_TEXT;

/* The same, also for a call whose status an if tests
 * (if (l2 (dW, W, reg)) return 1;, if ((err = f (...)) != 0)). */
int bp_text_tested_call (const char *s, char *name,
                         size_t len) BP_HIDDEN_TEXT;

/* A statement's parts: what it assigns and stores, into what, and the
 * names it reads. */

/* Does line assign the identifier name a value that passes test?  test
 * gets the assignment's operator and its length (1 for =, 2 for +=). */
int bp_text_assigned_so (const char *line, const char *name,
                         int (*test) (const char *op, size_t len))
  BP_HIDDEN_TEXT;

/* The last argument of the call that starts at p (at its name), into
 * buf; NULL when its parentheses do not close on the line. */
const char *bp_text_last_argument (const char *p, char *buf,
                                   size_t len) BP_HIDDEN_TEXT;

/* The expression a statement stores: the last argument of a ..._set (...)
 * call, or what follows the first assignment, or, for a statement that is
 * one call (a macro, S (g->dW1, i, j, s)), the call's last argument. */
const char *bp_text_stored_expression (const char *line, char *buf,
                                       size_t len) BP_HIDDEN_TEXT;

/* The plain variable names in expression e: identifiers that are neither
 * called, nor members, nor C keywords. */
int bp_text_variable_names (const char *e,
                            char names[MAX_NAMES][NAME_LEN]) BP_HIDDEN_TEXT;

/* A test for bp_text_assigned_so that any assignment passes. */
int bp_text_any_assignment (const char *q, size_t op) BP_HIDDEN_TEXT;

/* Is e, but for spaces and a final ';', one identifier? */
int bp_text_bare_variable (const char *e) BP_HIDDEN_TEXT;

/* The n-th argument (from 0) of the ..._set (...) call on line, when it
 * is one identifier, into name. */
int bp_text_set_argument (const char *line, int n, char *name,
                          size_t len) BP_HIDDEN_TEXT;

/* The text of what a store statement stores into: before its assignment,
 * or a call's arguments but the last (gsl_matrix_set (g->dW1, i, j, s):
 * "g->dW1, i, j"), into buf. */
void bp_text_stored_into (const char *stmt, char *buf,
                          size_t len) BP_HIDDEN_TEXT;

/* The name of the array a store statement writes, past the structures
 * that hold it (dW1 of *gsl_matrix_ptr (g->dW1, i, j) += ...; dW of
 * gsl_matrix_add (dW, t) and of gsl_blas_daxpy (a, W, dW)), into name;
 * whether there is one. */
int bp_text_target_name (const char *stmt, char *name,
                         size_t len) BP_HIDDEN_TEXT;

/* The array that expression e names first, past the structures that
 * hold it (db1 of g->db1->data, dp1 of dp1[i * H + k]), into name;
 * whether there is one. */
int bp_text_array_name (const char *e, char name[NAME_LEN]) BP_HIDDEN_TEXT;

/* The identifier that the comparison on line t tests, into name (r of
 * if (r[j] < 0)); whether there is one. */
int bp_text_tested_name (const char *t, char name[NAME_LEN]) BP_HIDDEN_TEXT;

/* The k-th comma-separated piece (from 0) of the parenthesised list
 * that starts at open, into piece; whether there is one. */
int bp_text_list_item (const char *open, int k, char *piece,
                       size_t len) BP_HIDDEN_TEXT;
/* Is s a declaration with a value (double s = 0;, const double *d =
 * ...): a type's words, then the variable, then =?  The variable's name
 * into name. */
int bp_text_declared_name (const char *s, char *name,
                           size_t len) BP_HIDDEN_TEXT;
/* Is s, its first len characters, but for blanks, parentheses and a
 * final ';', one number written out (0, 0.0, (1.0))?  Its value into
 * *value. */
int bp_text_number (const char *s, size_t len,
                    double *value) BP_HIDDEN_TEXT;
/* Does s, its first len characters, clear an array (a set_zero,
 * memset or _set_all call)? */
int bp_text_clears (const char *s, size_t len) BP_HIDDEN_TEXT;

/* Does statement s store the constant 0 (dp[j] = 0.0;, gsl_matrix_set
 * (g->dp1, i, j, 0))?  When into is not NULL, only a store into an array
 * that names into. */
int bp_text_stores_zero (const char *s, const char *into) BP_HIDDEN_TEXT;
/* Does statement s copy a whole array (memcpy, memmove,
 * gsl_matrix_memcpy, gsl_vector_memcpy and the like)?  Its destination,
 * the first argument, into dst and its source, the second, into src
 * (either may be NULL; src empty when the statement has no second
 * argument), each as written, of len bytes. */
int bp_text_copy_arguments (const char *s, char *dst, char *src,
                            size_t len) BP_HIDDEN_TEXT;

/* The whole file path (up to FILE_LINES lines) in the rows of a new
 * buffer, *n the lines read (0 when it cannot be read, the buffer then
 * possibly NULL); bp_text_done frees it. */
char (*bp_text_whole (const char *path, int *n))[LINE_MAX_LEN]
  BP_HIDDEN_TEXT;

/* Line `found' of buf, whose row 0 is line `first', trimmed, into text
 * when found > 0 and text is not NULL; then buf freed.  Returns found. */
int bp_text_done (char (*buf)[LINE_MAX_LEN], int found, int first,
                  char *text, size_t len) BP_HIDDEN_TEXT;

#endif /* BP_SRCTEXT_H */
