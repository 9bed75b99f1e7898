/* Rana Ashraf -- backward.c (sheet 3)
 *
 *   delta3 = (P - Y) / N
 *   dW2 = A1' delta3 + 2 reg W2      db2 = sum(delta3)
 *   delta2 = delta3 W2' .* (z1 > 0)
 *   dW1 = X' delta2 + 2 reg W1       db1 = sum(delta2)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void bias_sum(const gsl_matrix *delta, gsl_vector *db)
{
    size_t r, c;
    for (c = 0; c < delta->size2; c++) {
        double s = 0.0;
        for (r = 0; r < delta->size1; r++)
            s += gsl_matrix_get(delta, r, c);
        gsl_vector_set(db, c, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    double scale = 1.0 / (double)N;
    gsl_matrix_view d3, d2;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    d3 = gsl_matrix_submatrix(g->dz2, 0, 0, N, net->C);
    d2 = gsl_matrix_submatrix(g->dz1, 0, 0, N, net->H);

    /* delta3 */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->C; j++)
            gsl_matrix_set(&d3.matrix, i, j,
                           scale * (gsl_matrix_get(cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)));

    /* second layer */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &d3.matrix, 2.0 * reg, g->dW2);
    bias_sum(&d3.matrix, g->db2);

    /* delta2 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &d3.matrix, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(&d2.matrix, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (!(gsl_matrix_get(cache->z1, i, j) > 0.0))
                gsl_matrix_set(&d2.matrix, i, j, 0.0);

    /* first layer (averaged over the batch like the loss) */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, scale, X, &d2.matrix, 2.0 * reg, g->dW1);
    bias_sum(&d2.matrix, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
