/* two layer net - backward
 * output_backward(), hidden_backward(), input_backward() as in the example.
 * Raw data pointers with the row stride (tda). */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void output_backward(const bp_net *net, const size_t *y, double reg,
                            const bp_cache *cache, bp_grads *g)
{
    size_t N = cache->N, H = net->H, C = net->C;
    double *dz2 = g->dz2->data, *dW2 = g->dW2->data;
    const double *P = cache->prob->data, *A = cache->p1->data, *W = net->W2->data;
    size_t td = g->dz2->tda, tw = g->dW2->tda;

    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++)
            dz2[i*td + c] = P[i*cache->prob->tda + c];
        dz2[i*td + y[i]] -= 1.0;
        for (size_t c = 0; c < C; c++)
            dz2[i*td + c] /= (double)N;
    }
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++) {
            double s = 0;
            for (size_t i = 0; i < N; i++)
                s += A[i*cache->p1->tda + h] * dz2[i*td + c];
            dW2[h*tw + c] = s + 2*reg*W[h*net->W2->tda + c];
        }
    for (size_t c = 0; c < C; c++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += dz2[i*td + c];
        g->db2->data[c * g->db2->stride] = s;
    }
}

static void hidden_backward(const bp_net *net, const bp_cache *cache, bp_grads *g)
{
    size_t N = cache->N, H = net->H, C = net->C;
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++) {
            double s = 0;
            for (size_t c = 0; c < C; c++)
                s += g->dz2->data[i*g->dz2->tda + c] * net->W2->data[h*net->W2->tda + c];
            g->dp1->data[i*g->dp1->tda + h] = s;
            g->dz1->data[i*g->dz1->tda + h] = cache->z1->data[i*cache->z1->tda + h] > 0 ? s : 0;
        }
}

static void input_backward(const bp_net *net, const gsl_matrix *X, double reg, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H;
    const double *dz1 = g->dz1->data;
    size_t t = g->dz1->tda;

    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++) {
            double s = 0;
            for (size_t i = 0; i < N; i++)
                s += X->data[i*X->tda + d] * dz1[i*t + h];
            g->dW1->data[d*g->dW1->tda + h] = s + 2*reg*net->W1->data[d*net->W1->tda + h];
        }
    for (size_t h = 0; h < H; h++) {
        double s = 0;
        for (size_t i = 1; i < N; i++)
            s += dz1[i*t + h];
        g->db1->data[h * g->db1->stride] = s;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;
    output_backward(net, y, reg, cache, g);
    hidden_backward(net, cache, g);
    input_backward(net, X, reg, g);
    g->present = BP_GRADS_ALL;
    return 0;
}
