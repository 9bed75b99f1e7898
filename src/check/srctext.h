/* srctext.h -- a student's C file as text: its lines, statements,
 * identifiers and assignments (private to the check layer; srcline.c and
 * slice.c read code with it).  Nothing here parses C: these are the few
 * shapes of a line that the rules of srcline.c and slice.c look for. */

#ifndef BP_SRCTEXT_H
#define BP_SRCTEXT_H

#include <stddef.h>

#define BP_HIDDEN_TEXT __attribute__ ((visibility ("hidden")))

/* A line is read up to LINE_MAX_LEN - 1 characters; a name is shorter
 * than NAME_LEN; a file is read up to FILE_LINES lines; a statement is
 * joined over up to STATEMENT_LINES lines. */
enum { LINE_MAX_LEN = 512, NAME_LEN = 64, FILE_LINES = 4000,
       STATEMENT_LINES = 6 };

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

/* Is line s part of a comment (starting with //, slash-star, or the star
 * of a comment's inner line), or blank? */
int bp_text_comment_or_blank (const char *s) BP_HIDDEN_TEXT;

/* line without its leading and trailing blanks, into text. */
void bp_text_trim_into (const char *line, char *text,
                        size_t len) BP_HIDDEN_TEXT;

/* The statement that starts at row `row' of buf (n rows), its lines
 * joined, into stmt. */
void bp_text_join_statement (char buf[][LINE_MAX_LEN], int row, int n,
                             char *stmt, size_t len) BP_HIDDEN_TEXT;

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
