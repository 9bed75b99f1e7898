// hw3 backward pass
// temporaries: VLAs + gsl_matrix_view_array; one helper for the bias grads
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// column sums of an n x m VLA into the gsl vector out (db = sum over batch)
static void colsum(size_t n, size_t m, double a[n][m], gsl_vector *out)
{
    for (size_t j = 0; j < m; j++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++)
            s += a[i][j];
        gsl_vector_set(out, j, s / n);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double dz2[N][C], dp1[N][H], dz1[N][H];
    double gw2[H][C], gw1[D][H];

    gsl_matrix_view dz2_mv = gsl_matrix_view_array(&dz2[0][0], N, C);
    gsl_matrix_view dp1_mv = gsl_matrix_view_array(&dp1[0][0], N, H);
    gsl_matrix_view dz1_mv = gsl_matrix_view_array(&dz1[0][0], N, H);
    gsl_matrix_view gw2_mv = gsl_matrix_view_array(&gw2[0][0], H, C);
    gsl_matrix_view gw1_mv = gsl_matrix_view_array(&gw1[0][0], D, H);

    // dz2 = (softmax - onehot) / N
    for (size_t i = 0; i < N; i++) {
        for (size_t k = 0; k < C; k++)
            dz2[i][k] = gsl_matrix_get(cache->prob, i, k);
        dz2[i][y[i]] -= 1.0;
        for (size_t k = 0; k < C; k++)
            dz2[i][k] /= (double)N;
    }
    gsl_matrix_memcpy(g->dz2, &dz2_mv.matrix);

    // dW2 = p1^T dz2 + 2 reg W2
    gsl_matrix_memcpy(&gw2_mv.matrix, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &dz2_mv.matrix,
                   2.0 * reg, &gw2_mv.matrix);
    gsl_matrix_memcpy(g->dW2, &gw2_mv.matrix);

    colsum(N, C, dz2, g->db2);

    // dp1 = dz2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &dz2_mv.matrix, net->W2,
                   0.0, &dp1_mv.matrix);
    gsl_matrix_memcpy(g->dp1, &dp1_mv.matrix);

    // dz1 = dp1 * relu'(z1)
    gsl_matrix_memcpy(&dz1_mv.matrix, &dp1_mv.matrix);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                dz1[i][j] = 0.0;
    gsl_matrix_memcpy(g->dz1, &dz1_mv.matrix);

    // dW1 = X^T dz1 + 2 reg W1
    gsl_matrix_memcpy(&gw1_mv.matrix, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &dz1_mv.matrix,
                   2.0 * reg, &gw1_mv.matrix);
    gsl_matrix_memcpy(g->dW1, &gw1_mv.matrix);

    colsum(N, H, dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
