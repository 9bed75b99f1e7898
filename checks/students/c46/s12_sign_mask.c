/* HW3 -- backward()
 * dscores -> (W2, b2) -> dhidden -> relu -> (W1, b1)
 * The relu gate is a 0/1 matrix, applied with mul_elements.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
        size_t N = X->size1, H = net->H, C = net->C;
        size_t i, j;

        if (N != cache->N || X->size2 != net->D || g->N != N)
                return 1;

        gsl_matrix *dscores = gsl_matrix_alloc (N, C);
        gsl_matrix *dhidden = gsl_matrix_alloc (N, H);
        gsl_matrix *gate = gsl_matrix_alloc (N, H);
        gsl_matrix *l2 = NULL;

        /* dscores = (probs - 1[y]) / N */
        gsl_matrix_memcpy (dscores, cache->prob);
        for (i = 0; i < N; i++)
                gsl_matrix_set (dscores, i, y[i],
                                gsl_matrix_get (dscores, i, y[i]) - 1.0);
        gsl_matrix_scale (dscores, 1.0 / (double) N);
        gsl_matrix_memcpy (g->dz2, dscores);

        /* dW2, db2 */
        gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                        0.0, g->dW2);
        l2 = gsl_matrix_alloc (H, C);
        gsl_matrix_memcpy (l2, net->W2);
        gsl_matrix_scale (l2, 2.0 * reg);
        gsl_matrix_add (g->dW2, l2);
        gsl_matrix_free (l2);
        gsl_vector_set_zero (g->db2);
        for (i = 0; i < N; i++)
                for (j = 0; j < C; j++)
                        *gsl_vector_ptr (g->db2, j) += gsl_matrix_get (dscores, i, j);

        /* dhidden = dscores W2^T */
        gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2,
                        0.0, dhidden);
        gsl_matrix_memcpy (g->dp1, dhidden);

        /* relu gate */
        for (i = 0; i < N; i++)
                for (j = 0; j < H; j++)
                        gsl_matrix_set (gate, i, j,
                                        gsl_matrix_get (dhidden, i, j) > 0.0 ? 1.0 : 0.0);
        gsl_matrix_mul_elements (dhidden, gate);
        gsl_matrix_memcpy (g->dz1, dhidden);

        /* dW1, db1 */
        gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dhidden, 0.0, g->dW1);
        l2 = gsl_matrix_alloc (net->D, H);
        gsl_matrix_memcpy (l2, net->W1);
        gsl_matrix_scale (l2, 2.0 * reg);
        gsl_matrix_add (g->dW1, l2);
        gsl_matrix_free (l2);
        gsl_vector_set_zero (g->db1);
        for (i = 0; i < N; i++)
                for (j = 0; j < H; j++)
                        *gsl_vector_ptr (g->db1, j) += gsl_matrix_get (dhidden, i, j);

        gsl_matrix_free (dscores);
        gsl_matrix_free (dhidden);
        gsl_matrix_free (gate);

        g->present = BP_GRADS_ALL;
        return 0;
}
