/* npy-dump.c -- what bp_problem_load_npy read from a directory or an .npz
 * archive, printed for checks/npz-numpy.sh to compare with the arrays
 * numpy saved: the sizes, the gradients present, whether float32 was
 * seen, the loss, then each array as NAME v1 v2 ... with %.17g.
 *
 * Usage: checks/npy-dump DIR|FILE.npz   (exit 2, and the message, when
 * the problem is refused) */

#include <config.h>

#include <stdio.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"

static void
dump (const char *name, const double *v, size_t n)
{
  printf ("%s", name);
  for (size_t i = 0; i < n; i++)
    printf (" %.17g", v[i]);
  putchar ('\n');
}

int
main (int argc, char **argv)
{
  bp_problem *p;
  bp_error err;

  gsl_set_error_handler_off ();
  if (argc != 2)
    {
      fprintf (stderr, "usage: npy-dump DIR|FILE.npz\n");
      return 2;
    }
  if (bp_problem_load_npy (argv[1], &p, &err))
    {
      fprintf (stderr, "npy-dump: %s: %s\n", argv[1], err.msg);
      return 2;
    }
  printf ("sizes %zu %zu %zu %zu\n", p->N, p->net->D, p->net->H, p->net->C);
  printf ("present");
  for (int id = 0; id < BP_NGRADS; id++)
    if (p->grads->present & 1u << id)
      printf (" %s", bp_grad_name (id));
  printf ("\nfloat32 %d\nloss %.17g\n", p->float32, p->loss);
  if (p->warning[0])
    printf ("warning %s\n", p->warning);
  dump ("X", p->X->data, p->X->size1 * p->X->size2);
  dump ("theta", p->net->theta->data, p->net->theta->size);
  for (int id = 0; id < BP_NGRADS; id++)
    if (p->grads->present & 1u << id)
      {
        gsl_matrix_view m = bp_grads_matrix (p->grads, id);
        dump (bp_grad_name (id), m.matrix.data,
              m.matrix.size1 * m.matrix.size2);
      }
  if (p->scores)
    dump ("scores", p->scores->data, p->scores->size1 * p->scores->size2);
  bp_problem_free (p);
  return 0;
}
