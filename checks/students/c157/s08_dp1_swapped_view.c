/* Homework 3: backward pass for the 2-layer net.
 * (stack arrays, gsl views, BLAS) */

#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    double ds[N][C];      /* dL/dz2 */
    double dp[N][H];      /* dL/dp1 */
    double dz[N][H];      /* dL/dz1 */
    double db[H];

    gsl_matrix_view DS = gsl_matrix_view_array(&ds[0][0], N, C);
    gsl_matrix_view DP = gsl_matrix_view_array(&dp[0][0], N, H);
    gsl_matrix_view DZ = gsl_matrix_view_array(&dz[0][0], N, H);

    /* ---- output layer ---- */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            ds[i][j] = gsl_matrix_get(cache->prob, i, j) / N;
        ds[i][y[i]] -= 1.0 / N;
    }
    gsl_matrix_memcpy(g->dz2, &DS.matrix);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &DS.matrix,
                   2.0 * reg, g->dW2);

    for (j = 0; j < C; j++) {
        gsl_vector_view col = gsl_matrix_column(&DS.matrix, j);
        double s = 0;
        for (i = 0; i < N; i++) s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, j, s);
    }

    /* ---- hidden layer ---- */
    /* dp1 = ds * W2^T.  dgemm complained about the sizes, so view the
       scores gradient the other way round (C x N) and transpose it back */
    gsl_matrix_view DST = gsl_matrix_view_array(&ds[0][0], C, N);
    gsl_blas_dgemm(CblasTrans, CblasTrans, 1.0, &DST.matrix, net->W2,
                   0.0, &DP.matrix);
    gsl_matrix_memcpy(g->dp1, &DP.matrix);

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dz[i][j] = gsl_matrix_get(cache->z1, i, j) > 0.0 ? dp[i][j] : 0.0;
    gsl_matrix_memcpy(g->dz1, &DZ.matrix);

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &DZ.matrix,
                   2.0 * reg, g->dW1);

    memset(db, 0, sizeof db);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            db[j] += dz[i][j];
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db[j]);

    g->present = BP_GRADS_ALL;
    return 0;
}
