/* backward.c -- problem set 3, backward pass of the two-layer net */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define FOR(i, n) for (size_t i = 0; i < (n); i++)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* stack temporaries */
    double dscores[N][C];
    double dp[N][H], dz[N][H];
    double ones_n[N];
    double w2tmp[H][C], w1tmp[D][H];

    gsl_matrix_view dscores_v = gsl_matrix_view_array(&dscores[0][0], N, C);
    gsl_matrix_view dp_v = gsl_matrix_view_array(&dp[0][0], N, H);
    gsl_matrix_view dz_v = gsl_matrix_view_array(&dz[0][0], N, H);
    gsl_vector_view ones_v = gsl_vector_view_array(ones_n, N);
    gsl_matrix_view w2tmp_v = gsl_matrix_view_array(&w2tmp[0][0], H, C);
    gsl_matrix_view w1tmp_v = gsl_matrix_view_array(&w1tmp[0][0], D, H);

    FOR(i, N) ones_n[i] = 1.0;

    /* 1. dz2 */
    FOR(i, N) FOR(k, C)
        dscores[i][k] = gsl_matrix_get(cache->prob, i, k);
    FOR(i, N) dscores[i][y[i]] -= 1.0;
    FOR(i, N) FOR(k, C) dscores[i][k] /= N;
    gsl_matrix_memcpy(g->dz2, &dscores_v.matrix);

    /* 2. dW2 = p1' dz2 + 2 reg W2 */
    gsl_matrix_memcpy(&w2tmp_v.matrix, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1,
                   &dscores_v.matrix, 2.0 * reg, &w2tmp_v.matrix);
    gsl_matrix_memcpy(g->dW2, &w2tmp_v.matrix);

    /* 3. db2 = dz2' 1 */
    gsl_blas_dgemv(CblasTrans, 1.0, &dscores_v.matrix, &ones_v.vector,
                   0.0, g->db2);

    /* 4. dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &dscores_v.matrix,
                   net->W2, 0.0, &dp_v.matrix);
    gsl_matrix_memcpy(g->dp1, &dp_v.matrix);

    /* 5. dz1 = dp1 where z1 > 0 */
    FOR(i, N) FOR(j, H)
        dz[i][j] = (gsl_matrix_get(cache->z1, i, j) > 0.0) ? dp[i][j] : 0.0;
    gsl_matrix_memcpy(g->dz1, &dz_v.matrix);

    /* 6. dW1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(&w1tmp_v.matrix, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &dz_v.matrix,
                   2.0 * reg, &w1tmp_v.matrix);
    gsl_matrix_memcpy(g->dW1, &w1tmp_v.matrix);

    /* 7. db1 = dz1' 1 */
    gsl_blas_dgemv(CblasTrans, 1.0, &dp_v.matrix, &ones_v.vector,
                   0.0, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
