/* backward.c -- assignment 4
 * Direct access to the arrays: element (i,j) of a gsl_matrix m is
 * m->data[i * m->tda + j]  (tda = row length in memory). */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;

    const double *x = X->data, *W1 = net->W1->data, *W2 = net->W2->data;
    const double *z1 = cache->z1->data, *p1 = cache->p1->data, *prob = cache->prob->data;
    double *dz2 = g->dz2->data, *dW2 = g->dW2->data, *dp1 = g->dp1->data;
    double *dz1 = g->dz1->data, *dW1 = g->dW1->data;
    size_t ldx = X->tda, ldw1 = net->W1->tda, ldw2 = net->W2->tda;
    size_t ldh = cache->z1->tda, ldp = cache->p1->tda, ldpr = cache->prob->tda;
    size_t ldz2 = g->dz2->tda, lddw2 = g->dW2->tda, ldp1 = g->dp1->tda;
    size_t ldz1 = g->dz1->tda, lddw1 = g->dW1->tda;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 = (prob - onehot) / N */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dz2[i*ldz2 + k] = (prob[i*ldpr + k] - (k == y[i])) / N;

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            s = 0;
            for (i = 0; i < N; i++)
                s += p1[i*ldp + j] * dz2[i*ldz2 + k];
            dW2[j*lddw2 + k] = s + 2*reg*W2[j*ldw2 + k];
        }

    /* db2 */
    for (k = 0; k < C; k++) {
        s = 0;
        for (i = 0; i < N; i++)
            s += dz2[i*ldz2 + k];
        g->db2->data[k * g->db2->stride] = s;
    }

    /* dp1 = dz2 W2^T,  W2^T[k][j] = W2[j][k] */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            s = 0;
            for (k = 0; k < C; k++)
                s += dz2[i*ldz2 + k] * W2[k*ldw2 + j];
            dp1[i*ldp1 + j] = s;
        }

    /* dz1 = dp1 where z1 > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dz1[i*ldz1 + j] = z1[i*ldh + j] > 0 ? dp1[i*ldp1 + j] : 0;

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            s = 0;
            for (i = 0; i < N; i++)
                s += x[i*ldx + k] * dz1[i*ldz1 + j];
            dW1[k*lddw1 + j] = s + 2*reg*W1[k*ldw1 + j];
        }

    /* db1 */
    for (j = 0; j < H; j++) {
        s = 0;
        for (i = 0; i < N; i++)
            s += dz1[i*ldz1 + j];
        g->db1->data[j * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
