/* backward.c -- MP3: backpropagation by hand
 *
 * One long function, one block per gradient.  p1 = relu(z1), so I mask with
 * the hidden activations that are already in the cache.
 *
 * dL/dz2 = (P - Y)/N
 * dL/dW2 = p1^T dL/dz2 + 2*reg*W2
 * dL/db2 = sum over i of dL/dz2
 * dL/dp1 = dL/dz2 W2^T
 * dL/dz1 = dL/dp1 where the relu was on, 0 where it was off
 * dL/dW1 = X^T dL/dz1 + 2*reg*W1
 * dL/db1 = sum over i of dL/dz1
 */
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D;
    size_t H = net->H;
    size_t C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    const double *P   = cache->prob->data;
    const double *act = cache->p1->data;
    const double *x   = X->data;
    const double *w1  = net->W1->data;
    const double *w2  = net->W2->data;
    size_t ldP = cache->prob->tda, ldact = cache->p1->tda, ldx = X->tda;
    size_t ldw1 = net->W1->tda, ldw2 = net->W2->tda;

    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    double *dW1 = g->dW1->data, *dW2 = g->dW2->data;
    double *db1 = g->db1->data, *db2 = g->db2->data;
    size_t ldz2 = g->dz2->tda, ldp1 = g->dp1->tda, ldz1 = g->dz1->tda;
    size_t ldW1 = g->dW1->tda, ldW2 = g->dW2->tda;

    /* dz2 */
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < C; j++) {
            double v = P[i * ldP + j];
            if (j == y[i])
                v -= 1.0;
            dz2[i * ldz2 + j] = v / (double) N;
        }
    }

    /* dW2 */
    for (size_t h = 0; h < H; h++) {
        for (size_t j = 0; j < C; j++) {
            double sum = 0;
            for (size_t i = 0; i < N; i++)
                sum += act[i * ldact + h] * dz2[i * ldz2 + j];
            dW2[h * ldW2 + j] = sum + 2 * reg * w2[h * ldw2 + j];
        }
    }

    /* db2 */
    for (size_t j = 0; j < C; j++) {
        double sum = 0;
        for (size_t i = 0; i < N; i++)
            sum += dz2[i * ldz2 + j];
        db2[j] = sum;
    }

    /* dp1 and dz1 */
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < H; h++) {
            double sum = 0;
            for (size_t j = 0; j < C; j++)
                sum += dz2[i * ldz2 + j] * w2[h * ldw2 + j];
            dp1[i * ldp1 + h] = sum;
            if (act[i * ldact + h] >= 0.0)
                dz1[i * ldz1 + h] = sum;
            else
                dz1[i * ldz1 + h] = 0.0;
        }
    }

    /* dW1 */
    for (size_t d = 0; d < D; d++) {
        for (size_t h = 0; h < H; h++) {
            double sum = 0;
            for (size_t i = 0; i < N; i++)
                sum += x[i * ldx + d] * dz1[i * ldz1 + h];
            dW1[d * ldW1 + h] = sum + 2 * reg * w1[d * ldw1 + h];
        }
    }

    /* db1 */
    memset(db1, 0, H * sizeof(double));
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++)
            db1[h] += dz1[i * ldz1 + h];

    g->present = BP_GRADS_ALL;
    return 0;
}
