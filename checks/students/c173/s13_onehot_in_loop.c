/* HW4 - backward.c
 * skeleton TODOs filled in.  NOTE: dscores is computed already divided
 * by N, so the one-hot part is 1/N too.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double invN = 1.0 / (double) N;

    double dscores[N][C];   /* dz2 */
    double dW2[H][C];
    double db2[C];
    double dhidden[N][H];   /* dp1 */
    double dz1[N][H];
    double dW1[D][H];
    double db1[H];

    /* TODO 1: dscores */
    for (i = 0; i < N; i++) {
        double *row = dscores[i];
        for (j = 0; j < C; j++) {
            row[j] = gsl_matrix_get(cache->prob, i, j) * invN;
            row[y[i]] -= invN;
        }
    }

    /* TODO 2: dW2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double tmp = 0;
            for (i = 0; i < N; i++)
                tmp += gsl_matrix_get(cache->p1, i, j) * dscores[i][k];
            dW2[j][k] = tmp + 2 * reg * gsl_matrix_get(net->W2, j, k);
        }

    /* TODO 3: db2 */
    for (k = 0; k < C; k++) {
        double tmp = 0;
        for (i = 0; i < N; i++)
            tmp += dscores[i][k];
        db2[k] = tmp;
    }

    /* TODO 4: dhidden */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double tmp = 0;
            for (k = 0; k < C; k++)
                tmp += dscores[i][k] * gsl_matrix_get(net->W2, j, k);
            dhidden[i][j] = tmp;
        }

    /* TODO 5: dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dz1[i][j] = gsl_matrix_get(cache->z1, i, j) > 0 ? dhidden[i][j] : 0;

    /* TODO 6: dW1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double tmp = 0;
            for (i = 0; i < N; i++)
                tmp += gsl_matrix_get(X, i, k) * dz1[i][j];
            dW1[k][j] = tmp + 2 * reg * gsl_matrix_get(net->W1, k, j);
        }

    /* TODO 7: db1 */
    for (j = 0; j < H; j++) {
        double tmp = 0;
        for (i = 0; i < N; i++)
            tmp += dz1[i][j];
        db1[j] = tmp;
    }

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
