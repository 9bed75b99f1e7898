/* HW4 part 2 -- backward()
 * section B skeleton, calloc'd buffers.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    double *dscores = calloc(N * C, sizeof(double));
    double *dW2 = calloc(H * C, sizeof(double));
    double *db2 = calloc(C, sizeof(double));
    double *dhidden = calloc(N * H, sizeof(double));
    double *dz1 = calloc(N * H, sizeof(double));
    double *dW1 = calloc(D * H, sizeof(double));
    double *db1 = calloc(H, sizeof(double));

    /* TODO 1: dscores = probs, minus 1 at the correct class */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            dscores[i*C + j] = gsl_matrix_get(cache->prob, i, j) - (j == y[i]);

    /* TODO 2: dW2 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                dW2[j*C + k] += gsl_matrix_get(cache->p1, i, j) * dscores[i*C + k];
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            dW2[j*C + k] += 2 * reg * gsl_matrix_get(net->W2, j, k);

    /* TODO 3: db2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            db2[k] += dscores[i*C + k];

    /* TODO 4: dhidden */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                dhidden[i*H + j] += dscores[i*C + k] * gsl_matrix_get(net->W2, j, k);

    /* TODO 5: dz1 */
    for (i = 0; i < N*H; i++)
        dz1[i] = dhidden[i];
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                dz1[i*H + j] = 0;

    /* TODO 6: dW1 */
    for (i = 0; i < N; i++)
        for (k = 0; k < D; k++)
            for (j = 0; j < H; j++)
                dW1[k*H + j] += gsl_matrix_get(X, i, k) * dz1[i*H + j];
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            dW1[k*H + j] += 2 * reg * gsl_matrix_get(net->W1, k, j);

    /* TODO 7: db1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            db1[j] += dz1[i*H + j];

    /* copy results into g (given) */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dz2, i, j, dscores[i*C + j]);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, i, j, dW2[i*C + j]);
    for (j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, db2[j]);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, i, j, dhidden[i*H + j]);
            gsl_matrix_set(g->dz1, i, j, dz1[i*H + j]);
        }
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, dW1[i*H + j]);
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db1[j]);
    g->present = BP_GRADS_ALL;

    free(dscores); free(dW2); free(db2);
    free(dhidden); free(dz1);
    free(dW1); free(db1);
    return 0;
}
