/* Two-layer net, backward.
 * Convention: rows are samples.  i in [0,N), h in [0,H), k in [0,C), d in [0,D).
 *
 * L = (1/N) sum_i ( -z2[i][y_i] + log sum_k exp z2[i][k] ) + reg |W1|^2 + reg |W2|^2
 *
 * d/dz2[i][k]:  (1/N) ( -delta(k,y_i) + exp z2[i][k] / sum_m exp z2[i][m] )
 *             = (P[i][k] - delta(k,y_i)) / N
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, h, k;
    double sum;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double delta = (k == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, k, (gsl_matrix_get(cache->prob, i, k) - delta) / N);
        }
    }

    /* dW2[h][k] = sum_i p1[i][h] dz2[i][k] + 2 reg W2[h][k] */
    for (h = 0; h < H; h++)
    {
        for (k = 0; k < C; k++)
        {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, h, k, sum + 2.0 * gsl_matrix_get(net->W2, h, k));
        }
    }

    /* db2[k] = sum_i dz2[i][k] */
    for (k = 0; k < C; k++)
    {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* dp1[i][h] = sum_k dz2[i][k] W2[h][k]  -> dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1[i][h] = dp1[i][h] relu'(z1[i][h]) */
    for (i = 0; i < N; i++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dz1, i, h, gsl_matrix_get(cache->z1, i, h) > 0.0
                                         ? gsl_matrix_get(g->dp1, i, h) : 0.0);

    /* dW1[d][h] = sum_i X[i][d] dz1[i][h] + 2 reg W1[d][h]  -> X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1[h] = sum_i dz1[i][h] */
    for (h = 0; h < H; h++)
    {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
