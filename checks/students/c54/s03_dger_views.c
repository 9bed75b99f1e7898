/* backward.c  -  per-example backprop with BLAS level 2
 *
 * The textbook loop, but each step is one BLAS call on a row view:
 *   delta2 = (prob_n - e_{y_n}) / N      (stored in row n of dz2)
 *   dW2   += p1_n delta2'               (dger)
 *   dp1_n  = W2 delta2                   (dgemv)
 *   dz1_n  = dp1_n where z1_n > 0
 *   dW1   += x_n dz1_n'                  (dger)
 * The weight decay goes in first: the accumulators start at 2 reg W
 * instead of at zero, so nothing is left to do after the loop.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g) {
    const size_t N = X->size1;
    const double invN = 1.0 / (double) N;
    size_t n, j;

    /* start from the decay term */
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_matrix_scale (g->dW2, 2.0 * reg);
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_matrix_scale (g->dW1, 2.0 * reg);
    gsl_vector_set_zero (g->db2);
    gsl_vector_set_zero (g->db1);

    for (n = 0; n < N; n++) {
        gsl_vector_const_view x  = gsl_matrix_const_row (X, n);
        gsl_vector_const_view a1 = gsl_matrix_const_row (cache->p1, n);
        gsl_vector_const_view z1 = gsl_matrix_const_row (cache->z1, n);
        gsl_vector_const_view pr = gsl_matrix_const_row (cache->prob, n);
        gsl_vector_view delta2   = gsl_matrix_row (g->dz2, n);
        gsl_vector_view back     = gsl_matrix_row (g->dp1, n);
        gsl_vector_view delta1   = gsl_matrix_row (g->dz1, n);

        /* output delta */
        gsl_vector_memcpy (&delta2.vector, &pr.vector);
        *gsl_vector_ptr (&delta2.vector, y[n]) -= 1.0;
        gsl_vector_scale (&delta2.vector, invN);

        gsl_blas_dger (1.0, &a1.vector, &delta2.vector, g->dW2);
        gsl_vector_add (g->db2, &delta2.vector);

        /* back through W2 */
        gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &delta2.vector, 0.0, &back.vector);

        /* back through the ReLU */
        gsl_vector_memcpy (&delta1.vector, &back.vector);
        for (j = 0; j < delta1.vector.size; j++)
            if (!(gsl_vector_get (&z1.vector, j) > 0.0))
                gsl_vector_set (&delta1.vector, j, 0.0);

        gsl_blas_dger (1.0, &x.vector, &delta1.vector, g->dW1);
        gsl_vector_add (g->db1, &delta1.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
