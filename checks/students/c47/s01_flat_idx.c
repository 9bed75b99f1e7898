/* backward.c  --  backward pass for the 2 layer net (week 4 assignment)
 *
 * Everything through ->data with an IDX macro because somebody on the
 * forum said gsl_matrix_get does a range check on every call and is slow.
 * Row length is tda, not size2 (the GSL manual says a view can have a
 * bigger tda than its size2, so always use tda).
 */
#include "backprop.h"

#define IDX(i,j,cols) ((i)*(cols)+(j))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    size_t i, j, k;

    const double *x   = X->data;            size_t ldx  = X->tda;
    const double *z1  = cache->z1->data;    size_t ldz1 = cache->z1->tda;
    const double *p1  = cache->p1->data;    size_t ldp1 = cache->p1->tda;
    const double *pr  = cache->prob->data;  size_t ldpr = cache->prob->tda;
    const double *W1  = net->W1->data;      size_t ldw1 = net->W1->tda;
    const double *W2  = net->W2->data;      size_t ldw2 = net->W2->tda;

    double *dz2 = g->dz2->data;   size_t ld2  = g->dz2->tda;
    double *dW2 = g->dW2->data;   size_t ldW2 = g->dW2->tda;
    double *db2 = g->db2->data;
    double *dp1 = g->dp1->data;   size_t ldp  = g->dp1->tda;
    double *dz1 = g->dz1->data;   size_t ld1  = g->dz1->tda;
    double *dW1 = g->dW1->data;   size_t ldW1 = g->dW1->tda;
    double *db1 = g->db1->data;

    if (N != cache->N || D != net->D || g->N != N)
        return 1;

    /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N
       (straight from the cs231n notes) */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < C; j++)
            dz2[IDX(i, j, ld2)] = pr[IDX(i, j, ldpr)] / (double) N;
        dz2[IDX(i, y[i], ld2)] -= 1.0 / (double) N;
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += p1[IDX(i, j, ldp1)] * dz2[IDX(i, k, ld2)];
            dW2[IDX(j, k, ldW2)] = s + 2.0 * reg * W2[IDX(j, k, ldw2)];
        }
    }

    /* db2 = sum of dz2 over the batch (axis 0) */
    for (k = 0; k < C; k++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz2[IDX(i, k, ld2)];
        db2[k] = s;
    }

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dz2[IDX(i, k, ld2)] * W2[IDX(j, k, ldw2)];
            dp1[IDX(i, j, ldp)] = s;
        }
    }

    /* relu: gradient only goes through where the unit was on */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dz1[IDX(i, j, ld1)] = (z1[IDX(i, j, ldz1)] > 0.0) ? dp1[IDX(i, j, ldp)] : 0.0;

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += x[IDX(i, k, ldx)] * dz1[IDX(i, j, ld1)];
            dW1[IDX(k, j, ldW1)] = s + 2.0 * reg * W1[IDX(k, j, ldw1)];
        }
    }

    /* db1 */
    for (j = 0; j < H; j++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz1[IDX(i, j, ld1)];
        db1[j] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
