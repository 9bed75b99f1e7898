/* Bongani Dlamini -- backward pass with BLAS.
 * the forward already gives cache->prob so I only compute the loss from it
 * (for the printout, -DPRINT_LOSS) and then do the grads with dgemm. */

#include <math.h>
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t n;
    double loss = 0.0, r1, r2;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* loss = mean of -log p[y] + reg*(|W1|^2 + |W2|^2) */
    for (n = 0; n < N; n++)
        loss -= log(gsl_matrix_get(cache->prob, n, y[n]));
    loss /= (double) N;
    {
        gsl_vector_const_view w1 = gsl_vector_const_view_array(net->W1->data, net->W1->size1 * net->W1->size2);
        gsl_vector_const_view w2 = gsl_vector_const_view_array(net->W2->data, net->W2->size1 * net->W2->size2);
        r1 = gsl_blas_dnrm2(&w1.vector);
        r2 = gsl_blas_dnrm2(&w2.vector);
    }
    loss += reg * (r1 * r1 + r2 * r2);
#ifdef PRINT_LOSS
    fprintf(stderr, "loss %g\n", loss);
#else
    (void) loss;
#endif

    /* dz2 = (prob - onehot) / N, done in place in g->dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++)
        *gsl_matrix_ptr(g->dz2, n, y[n]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* dW2 = p1' dz2 + 2 reg W2 : put W2 in first, beta does the reg */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* db2 = dz2' * ones */
    ones = gsl_vector_alloc(N);
    if (ones == NULL)
        return 1;
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 where z1 > 0 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (n = 0; n < N; n++) {
        gsl_vector_view row = gsl_matrix_row(g->dz1, n);
        gsl_vector_const_view zr = gsl_matrix_const_row(cache->z1, n);
        size_t h;
        for (h = 0; h < row.vector.size; h++)
            if (gsl_vector_get(&zr.vector, h) <= 0.0)
                gsl_vector_set(&row.vector, h, 0.0);
    }

    /* dW1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 = dz1' * ones */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
