/* TP3 -- retropropagation, reseau a deux couches
 * Etudiant : Yanis Belkacem
 *
 * Etapes (cours, slide 41) :
 *   delta2 = (P - Y) / N
 *   dW2 = p1' delta2 + 2 reg W2        db2 = 1' delta2
 *   dp1 = delta2 W2'
 *   delta1 = dp1 .* (z1 > 0)
 *   dW1 = X' delta1 + 2 reg W1         db1 = 1' delta1
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* v = A' 1  (somme des lignes de A) */
static void
somme_lignes (const gsl_matrix *A, gsl_vector *v)
{
  gsl_vector *un = gsl_vector_alloc (A->size1);
  gsl_vector_set_all (un, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, un, 0.0, v);
  gsl_vector_free (un);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const double invN = 1 / N;               /* moyenne sur le batch */

  /* delta2 = (P - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, invN);

  /* dW2 = p1' delta2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 */
  somme_lignes (g->dz2, g->db2);

  /* dp1 = delta2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* delta1 = dp1 .* (z1 > 0) */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1 = X' delta1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  somme_lignes (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
