/* backward.c  -- gradients of the two layer net
 *
 * uses column views: the bias gradient of a layer is the sum of the
 * column of dZ that belongs to the unit. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct grads_local {
        gsl_matrix *dscores, *dhidden, *dW1, *dW2;
        gsl_vector *db1, *db2;
};

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
        const size_t N = X->size1, H = net->H, C = net->C;
        struct grads_local d;
        size_t i, j;

        d.dscores = gsl_matrix_alloc(N, C);
        d.dhidden = gsl_matrix_alloc(N, H);
        d.dW1 = gsl_matrix_alloc(net->D, H);
        d.dW2 = gsl_matrix_alloc(H, C);
        d.db1 = gsl_vector_alloc(H);
        d.db2 = gsl_vector_alloc(C);

        /* dscores */
        gsl_matrix_memcpy(d.dscores, cache->prob);
        for (i = 0; i < N; i++)
                gsl_matrix_set(d.dscores, i, y[i], gsl_matrix_get(d.dscores, i, y[i]) - 1.0);
        gsl_matrix_scale(d.dscores, 1.0 / N);

        /* dW2 */
        gsl_matrix_memcpy(d.dW2, net->W2);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, d.dscores, 2 * reg, d.dW2);

        /* db2: average of the columns of dscores */
        for (j = 0; j < C; j++) {
                gsl_vector_view col = gsl_matrix_column(d.dscores, j);
                gsl_vector_set(d.db2, j, gsl_vector_sum(&col.vector) / N);
        }

        /* dhidden = dscores W2^T, then the relu */
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, d.dscores, net->W2, 0.0, d.dhidden);
        gsl_matrix_memcpy(g->dp1, d.dhidden);
        for (i = 0; i < N; i++)
                for (j = 0; j < H; j++)
                        if (gsl_matrix_get(cache->z1, i, j) <= 0)
                                gsl_matrix_set(d.dhidden, i, j, 0);

        /* dW1 */
        gsl_matrix_memcpy(d.dW1, net->W1);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, d.dhidden, 2 * reg, d.dW1);

        /* db1 */
        for (j = 0; j < H; j++) {
                gsl_vector_view col = gsl_matrix_column(d.dhidden, j);
                gsl_vector_set(d.db1, j, gsl_vector_sum(&col.vector));
        }

        /* results to g */
        gsl_matrix_memcpy(g->dz2, d.dscores);
        gsl_matrix_memcpy(g->dW2, d.dW2);
        gsl_vector_memcpy(g->db2, d.db2);
        gsl_matrix_memcpy(g->dz1, d.dhidden);
        gsl_matrix_memcpy(g->dW1, d.dW1);
        gsl_vector_memcpy(g->db1, d.db1);
        g->present = BP_GRADS_ALL;

        gsl_matrix_free(d.dscores);
        gsl_matrix_free(d.dhidden);
        gsl_matrix_free(d.dW1);
        gsl_matrix_free(d.dW2);
        gsl_vector_free(d.db1);
        gsl_vector_free(d.db2);
        return 0;
}
