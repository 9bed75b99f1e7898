/* backward.c
 *
 * CSE 3xx -- PA4 "backprop from scratch"
 *
 * Convention: i = sample (0..N-1), m = input feature (0..D-1),
 *             k = hidden unit (0..H-1), c = class (0..C-1)
 *
 *   dz2[i][c] = (prob[i][c] - [c == y_i]) / N
 *   dW2[k][c] = sum_i p1[i][k] dz2[i][c] + 2 reg W2[k][c]
 *   db2[c]    = sum_i dz2[i][c]
 *   dp1[i][k] = sum_c dz2[i][c] W2[k][c]
 *   dz1[i][k] = dp1[i][k] if z1[i][k] > 0 else 0
 *   dW1[m][k] = sum_i X[i][m] dz1[i][k] + 2 reg W1[m][k]
 *   db1[k]    = sum_i dz1[i][k]
 */
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double *dz2 = g->dz2->data; const size_t ldz2 = g->dz2->tda;
    double *dW2 = g->dW2->data; const size_t ldW2 = g->dW2->tda;
    double *db2 = g->db2->data;
    double *dp1 = g->dp1->data; const size_t ldp1 = g->dp1->tda;
    double *dz1 = g->dz1->data; const size_t ldz1 = g->dz1->tda;
    double *dW1 = g->dW1->data; const size_t ldW1 = g->dW1->tda;
    double *db1 = g->db1->data;

    const double *prob = cache->prob->data; const size_t ldpr = cache->prob->tda;
    const double *z1 = cache->z1->data;     const size_t ldz1c = cache->z1->tda;
    const double *p1 = cache->p1->data;     const size_t ldp1c = cache->p1->tda;
    const double *x = X->data;              const size_t ldx = X->tda;
    const double *W1 = net->W1->data;       const size_t ldw1 = net->W1->tda;
    const double *W2 = net->W2->data;       const size_t ldw2 = net->W2->tda;

    /* ===== output layer ===== */
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++)
            dz2[i * ldz2 + c] = prob[i * ldpr + c] / N;
        dz2[i * ldz2 + y[i]] -= 1.0 / N;
    }

    for (size_t k = 0; k < H; k++) {
        for (size_t c = 0; c < C; c++) {
            double acc = 2.0 * reg * W2[k * ldw2 + c];
            for (size_t i = 0; i < N; i++)
                acc += p1[i * ldp1c + k] * dz2[i * ldz2 + c];
            dW2[k * ldW2 + c] = acc;
        }
    }

    for (size_t c = 0; c < C; c++) {
        double acc = 0.0;
        for (size_t i = 0; i < N; i++)
            acc += dz2[i * ldz2 + c];
        db2[c] = acc;
    }

    /* ===== hidden layer ===== */
    for (size_t i = 0; i < N; i++) {
        for (size_t k = 0; k < H; k++) {
            double acc = 0.0;
            for (size_t c = 0; c < C; c++)
                acc += dz2[i * ldz2 + c] * W2[k * ldw2 + c];
            dp1[i * ldp1 + k] = acc;
            dz1[i * ldz1 + k] = z1[i * ldz1c + k] > 0.0 ? acc : 0.0;
        }
    }

    /* ===== input layer: dW1 as a sum of outer products x_i (x) dz1_i ===== */
    for (size_t m = 0; m < D; m++)
        memset(dW1 + m * ldW1, 0, H * sizeof(double));
    memset(db1, 0, H * sizeof(double));

    for (size_t i = 1; i < N; i++) {
        const double *xr = x + i * ldx;
        const double *gr = dz1 + i * ldz1;
        for (size_t m = 0; m < D; m++)
            for (size_t k = 0; k < H; k++)
                dW1[m * ldW1 + k] += xr[m] * gr[k];
    }
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < H; k++)
            db1[k] += dz1[i * ldz1 + k];

    for (size_t m = 0; m < D; m++)
        for (size_t k = 0; k < H; k++)
            dW1[m * ldW1 + k] += 2.0 * reg * W1[m * ldw1 + k];

    g->present = BP_GRADS_ALL;
    return 0;
}
