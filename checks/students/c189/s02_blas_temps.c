/* Assignment 5 - backward pass
 * Uses gsl_blas_dgemm like in the lecture example.  Every gradient is
 * first computed into a temporary and copied into g at the end of its
 * block; the temporaries are freed at the bottom. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    gsl_matrix *scores_grad = gsl_matrix_alloc (N, net->C);
    gsl_matrix *w2_grad = gsl_matrix_alloc (net->H, net->C);
    gsl_matrix *hidden_grad = gsl_matrix_alloc (N, net->H);
    gsl_matrix *w1_grad = gsl_matrix_alloc (net->D, net->H);
    gsl_vector *ones = gsl_vector_alloc (N);
    gsl_vector_set_all (ones, 1.0);

    /***** dz2 *****/
    gsl_matrix_memcpy (scores_grad, cache->prob);
    for (i = 0; i < N; i++) {
        double p = gsl_matrix_get (scores_grad, i, y[i]);
        gsl_matrix_set (scores_grad, i, y[i], p - 1.0);
    }
    gsl_matrix_scale (scores_grad, 1.0 / (double) N);
    gsl_matrix_memcpy (g->dz2, scores_grad);

    /***** dW2 *****/
    /* start from W2 so beta = 2*reg adds the regularisation */
    gsl_matrix_memcpy (w2_grad, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                    2.0 * reg, w2_grad);
    gsl_matrix_memcpy (g->dW2, w2_grad);

    /***** db2 *****/
    /* column sums = dz2^T * ones */
    gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /***** dp1 *****/
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                    hidden_grad);
    gsl_matrix_memcpy (g->dp1, hidden_grad);

    /***** dz1 *****/
    /* relu: keep the gradient only where the unit was active */
    for (i = 0; i < N; i++) {
        size_t j;
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
                gsl_matrix_set (hidden_grad, i, j, 0.0);
        }
    }
    gsl_matrix_memcpy (g->dz1, hidden_grad);

    /***** dW1 *****/
    gsl_matrix_memcpy (w1_grad, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                    w1_grad);
    gsl_matrix_memcpy (g->dW1, w1_grad);

    /***** db1 *****/
    gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    g->present = BP_GRADS_ALL;

    gsl_matrix_free (scores_grad);
    gsl_matrix_free (w2_grad);
    gsl_matrix_free (hidden_grad);
    gsl_matrix_free (w1_grad);
    gsl_vector_free (ones);
    return 0;
}
