/* backward.c -- HW4 two-layer net, TODOs 1-7
 * (local arrays and the copy block are from the skeleton)
 */

#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    double dscores[N][C];   /* dz2 */
    double dW2[H][C];
    double db2[C];
    double dhidden[N][H];   /* dp1 */
    double dz1[N][H];
    double dW1[D][H];
    double db1[H];

    memset(dW2, 0, sizeof dW2);
    memset(db2, 0, sizeof db2);
    memset(dhidden, 0, sizeof dhidden);
    memset(dW1, 0, sizeof dW1);
    memset(db1, 0, sizeof db1);

    /* TODO 1: dscores */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            dscores[i][j] = (gsl_matrix_get(cache->prob, i, j) - (j == y[i] ? 1 : 0)) / N;

    /* TODO 2 + 3: dW2 and db2 in one pass over the batch */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
        {
            db2[k] += dscores[i][k];
            for (j = 0; j < H; j++)
                dW2[j][k] += gsl_matrix_get(cache->p1, i, j) * dscores[i][k];
        }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            dW2[j][k] += 2 * reg * gsl_matrix_get(net->W2, j, k);

    /* TODO 4: dhidden */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                dhidden[i][j] += dscores[i][k] * gsl_matrix_get(net->W2, j, k);

    /* TODO 5: relu backward (zero where the unit was off), then dz1 = dhidden */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                dhidden[i][j] = 0;
    memcpy(dz1, dhidden, sizeof dz1);

    /* TODO 6: dW1 */
    for (i = 0; i < N; i++)
        for (k = 0; k < D; k++)
            for (j = 0; j < H; j++)
                dW1[k][j] += gsl_matrix_get(X, i, k) * dz1[i][j];
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            dW1[k][j] += 2 * reg * gsl_matrix_get(net->W1, k, j);

    /* TODO 7: db1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            db1[j] += dz1[i][j];

    /* ---- copy into g (given, do not change) ---- */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dz2, i, j, dscores[i][j]);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, i, j, dW2[i][j]);
    for (j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, db2[j]);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, i, j, dhidden[i][j]);
            gsl_matrix_set(g->dz1, i, j, dz1[i][j]);
        }
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, dW1[i][j]);
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db1[j]);

    g->present = BP_GRADS_ALL;
    return 0;
}
