/* backward pass of the two layer net
 * all scratch in one block, offsets written out by hand:
 *
 *   dsc | dw2 | db2 | dh | dz | dw1 | db1
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k, d;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double *buf = calloc(N*C + H*C + C + 2*N*H + D*H + H, sizeof *buf);
    if (buf == NULL)
        return 1;
    double *dsc = buf;
    double *dw2 = buf + N*C;
    double *db2 = buf + N*C + H*C;
    double *dh  = buf + N*C + H*C + C;
    double *dz  = buf + N*C + H*C + C + N*H;
    double *dw1 = buf + N*C + H*C + C + N*H;
    double *db1 = buf + N*C + H*C + C + 2*N*H + D*H;

    // dL/dscores
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
            dsc[i*C + k] = gsl_matrix_get(cache->prob, i, k);
        dsc[i*C + y[i]] -= 1;
    }
    for (i = 0; i < N*C; i++)
        dsc[i] /= (double) N;
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, dsc[i*C + k]);

    // layer 2
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
        {
            double s = 0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * dsc[i*C + k];
            dw2[j*C + k] = s + 2*reg*gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dW2, j, k, dw2[j*C + k]);
        }
    for (k = 0; k < C; k++)
    {
        for (i = 0; i < N; i++)
            db2[k] += dsc[i*C + k];
        gsl_vector_set(g->db2, k, db2[k]);
    }

    // hidden + relu
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            double s = 0;
            for (k = 0; k < C; k++)
                s += dsc[i*C + k] * gsl_matrix_get(net->W2, j, k);
            dh[i*H + j] = s;
            dz[i*H + j] = gsl_matrix_get(cache->z1, i, j) > 0 ? s : 0;
            gsl_matrix_set(g->dp1, i, j, dh[i*H + j]);
            gsl_matrix_set(g->dz1, i, j, dz[i*H + j]);
        }

    // layer 1, bias first
    for (j = 0; j < H; j++)
    {
        for (i = 0; i < N; i++)
            db1[j] += dz[i*H + j];
        gsl_vector_set(g->db1, j, db1[j]);
    }
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++)
        {
            double s = 0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, d) * dz[i*H + j];
            dw1[d*H + j] = s + 2*reg*gsl_matrix_get(net->W1, d, j);
        }
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, d, j, dw1[d*H + j]);

    free(buf);
    g->present = BP_GRADS_ALL;
    return 0;
}
