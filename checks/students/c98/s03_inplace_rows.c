// backward.c  --  hw4
// dz2 and dz1 are done in place: copy, then fix up.  The weight gradients
// start from the penalty and the products are added sample by sample.

#include "backprop.h"

#define AT(m,i,j)  ((m)->data[(i)*(m)->tda+(j)])
#define VAT(v,i)   ((v)->data[(i)*(v)->stride])
#define ROW(m,i)   ((m)->data + (i)*(m)->tda)      /* pointer to row i */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t n, a, b;
    double invN = 1.0 / (double)N;

    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    // dz2 <- prob, minus one at the label, times 1/N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++)
    {
        double *r = ROW(g->dz2, n);
        r[y[n]] -= 1.0;
        for (b = 0; b < C; b++)
        {
            r[b] *= invN;
        }
    }

    // dW2 <- 2 reg W2, db2 <- 0, then add sample n's outer product
    for (a = 0; a < H; a++)
        for (b = 0; b < C; b++)
            AT(g->dW2, a, b) = 2.0 * reg * AT(net->W2, a, b);
    for (b = 0; b < C; b++)
        VAT(g->db2, b) = 0.0;

    for (n = 0; n < N; n++)
    {
        const double *dz = ROW(g->dz2, n);
        const double *p = ROW(cache->p1, n);
        for (a = 0; a < H; a++)
        {
            if (p[a] == 0.0)
                continue;               // dead unit, adds nothing
            for (b = 0; b < C; b++)
                AT(g->dW2, a, b) += p[a] * dz[b];
        }
        for (b = 0; b < C; b++)
            VAT(g->db2, b) += dz[b];
    }

    // dp1 = dz2 W2'
    for (n = 0; n < N; n++)
    {
        for (a = 0; a < H; a++)
        {
            double t = 0.0;
            for (b = 0; b < C; b++)
                t += AT(g->dz2, n, b) * AT(net->W2, a, b);
            AT(g->dp1, n, a) = t;
        }
    }

    // dz1: copy of dp1, zeroed where the relu was off
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (n = 0; n < N; n++)
    {
        for (a = 0; a < H; a++)
        {
            if (!(AT(cache->z1, n, a) > 0.0))
                AT(g->dz1, n, a) = 0.0;
        }
    }

    // dW1 <- 2 reg W1, then X(n,:)' dz1(n,:) for every n; db1 alongside
    for (a = 0; a < D; a++)
        for (b = 0; b < H; b++)
            AT(g->dW1, a, b) = 2.0 * reg * AT(net->W1, a, b);
    gsl_vector_set_zero(g->db1);

    for (n = 0; n < N; n++)
    {
        const double *x = ROW(X, n);
        const double *dz = ROW(g->dz1, n);
        for (a = 0; a < D; a++)
            for (b = 0; b < H; b++)
                AT(g->dW1, a, b) += x[a] * dz[b];
        for (b = 0; b < H; b++)
            VAT(g->db1, b) += dz[b];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
