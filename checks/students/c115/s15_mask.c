/* two-layer net: backward pass
 * (rows of dz2 / dz1 are computed with vector views, the weight gradients
 *  with one ddot per entry)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double sum;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    for (i = 0; i < N; i++)
    {
        gsl_vector_view dz = gsl_matrix_row(g->dz2, i);
        gsl_vector_const_view pr = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_memcpy(&dz.vector, &pr.vector);
        gsl_vector_set(&dz.vector, y[i], gsl_vector_get(&pr.vector, y[i]) - 1.0);
        gsl_vector_scale(&dz.vector, 1.0 / N);
    }

    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
        {
            gsl_vector_const_view p = gsl_matrix_const_column(cache->p1, j);
            gsl_vector_view d = gsl_matrix_column(g->dz2, k);
            gsl_blas_ddot(&p.vector, &d.vector, &sum);
            gsl_matrix_set(g->dW2, j, k, sum + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    for (k = 0; k < C; k++)
    {
        gsl_vector_view d = gsl_matrix_column(g->dz2, k);
        gsl_blas_ddot(&d.vector, ones, &sum);
        gsl_vector_set(g->db2, k, sum);
    }

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            gsl_vector_view d = gsl_matrix_row(g->dz2, i);
            gsl_vector_const_view w = gsl_matrix_const_row(net->W2, j);
            gsl_blas_ddot(&d.vector, &w.vector, &sum);
            gsl_matrix_set(g->dp1, i, j, sum);
        }

    /* relu backward: pass the gradient where it is positive */
    for (i = 0; i < N; i++)
    {
        gsl_vector_view out = gsl_matrix_row(g->dz1, i);
        gsl_vector_view in = gsl_matrix_row(g->dp1, i);
        for (j = 0; j < H; j++)
        {
            double v = gsl_vector_get(&in.vector, j);
            gsl_vector_set(&out.vector, j, v > 0 ? v : 0.0);
        }
    }

    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
        {
            gsl_vector_const_view x = gsl_matrix_const_column(X, i);
            gsl_vector_view d = gsl_matrix_column(g->dz1, j);
            gsl_blas_ddot(&x.vector, &d.vector, &sum);
            gsl_matrix_set(g->dW1, i, j, sum + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }
    for (j = 0; j < H; j++)
    {
        gsl_vector_view d = gsl_matrix_column(g->dz1, j);
        gsl_blas_ddot(&d.vector, ones, &sum);
        gsl_vector_set(g->db1, j, sum);
    }

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
