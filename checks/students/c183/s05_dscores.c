/* backward.c -- CS231n style two-layer net, backward pass
 * loop over the samples; each sample adds its outer products into the
 * weight gradients.  reg added at the end. */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view probs = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_const_view hidden = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view pre = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_const_view xrow = gsl_matrix_const_row(X, i);
        gsl_vector_view dscores = gsl_matrix_row(g->dz2, i);
        gsl_vector_view dhidden = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dpre = gsl_matrix_row(g->dz1, i);
        double *ds;

        /* dscores = probs / N, then subtract the one-hot */
        gsl_vector_memcpy(&dscores.vector, &probs.vector);
        gsl_vector_scale(&dscores.vector, 1.0 / N);
        ds = gsl_vector_ptr(&dscores.vector, y[i]);
        *ds -= 1.0;

        gsl_blas_dger(1.0, &hidden.vector, &dscores.vector, g->dW2);
        gsl_blas_daxpy(1.0, &dscores.vector, g->db2);

        /* dhidden = W2 . dscores */
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dscores.vector, 0.0,
                       &dhidden.vector);

        for (j = 0; j < net->H; j++)
        {
            if (gsl_vector_get(&pre.vector, j) > 0)
                gsl_vector_set(&dpre.vector, j, gsl_vector_get(&dhidden.vector, j));
            else
                gsl_vector_set(&dpre.vector, j, 0.0);
        }

        gsl_blas_dger(1.0, &xrow.vector, &dpre.vector, g->dW1);
        gsl_blas_daxpy(1.0, &dpre.vector, g->db1);
    }

    /* + 2 reg W (no 0.5 in this loss) */
    {
        gsl_matrix *tmp = gsl_matrix_alloc(net->H, net->C);
        gsl_matrix_memcpy(tmp, net->W2);
        gsl_matrix_scale(tmp, 2 * reg);
        gsl_matrix_add(g->dW2, tmp);
        gsl_matrix_free(tmp);

        tmp = gsl_matrix_alloc(net->D, net->H);
        gsl_matrix_memcpy(tmp, net->W1);
        gsl_matrix_scale(tmp, 2 * reg);
        gsl_matrix_add(g->dW1, tmp);
        gsl_matrix_free(tmp);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
