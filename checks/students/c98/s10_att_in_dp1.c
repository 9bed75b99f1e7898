/* Lab 4: backward pass.  AT / VAT from the starter, plus ATT (transpose). */
#include "backprop.h"

#define AT(m,i,j)  ((m)->data[(i)*(m)->tda+(j)])
#define ATT(m,i,j) ((m)->data[(j)*(m)->tda+(i)])
#define VAT(v,i)   ((v)->data[(i)*(v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void reluBackward(const gsl_matrix *dOut, const gsl_matrix *z,
                         gsl_matrix *dIn)
{
    for (size_t r = 0; r < z->size1; r++)
        for (size_t c = 0; c < z->size2; c++)
            AT(dIn, r, c) = (AT(z, r, c) > 0.0) ? AT(dOut, r, c) : 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t nBatch = X->size1;
    const size_t nIn = net->D, nHidden = net->H, nClass = net->C;

    if (nBatch != cache->N || X->size2 != nIn || g->N != nBatch)
        return 1;

    // dz2 = (probs - Y) / N
    for (size_t n = 0; n < nBatch; n++) {
        for (size_t c = 0; c < nClass; c++) {
            double yc = (c == y[n]) ? 1.0 : 0.0;
            AT(g->dz2, n, c) = (AT(cache->prob, n, c) - yc) / (double)nBatch;
        }
    }

    // dW2 = p1^T dz2 + 2*reg*W2,  db2 = sum_n dz2
    for (size_t h = 0; h < nHidden; h++) {
        for (size_t c = 0; c < nClass; c++) {
            double acc = 2.0 * reg * AT(net->W2, h, c);
            for (size_t n = 0; n < nBatch; n++)
                acc += ATT(cache->p1, h, n) * AT(g->dz2, n, c);
            AT(g->dW2, h, c) = acc;
        }
    }
    for (size_t c = 0; c < nClass; c++) {
        double acc = 0.0;
        for (size_t n = 0; n < nBatch; n++)
            acc += AT(g->dz2, n, c);
        VAT(g->db2, c) = acc;
    }

    // dp1 = dz2 W2^T
    for (size_t n = 0; n < nBatch; n++) {
        for (size_t h = 0; h < nHidden; h++) {
            double acc = 0.0;
            for (size_t c = 0; c < nClass; c++)
                acc += AT(g->dz2, n, c) * ATT(net->W2, h, c);
            AT(g->dp1, n, h) = acc;
        }
    }

    reluBackward(g->dp1, cache->z1, g->dz1);

    // dW1 = X^T dz1 + 2*reg*W1,  db1 = sum_n dz1
    for (size_t d = 0; d < nIn; d++) {
        for (size_t h = 0; h < nHidden; h++) {
            double acc = 2.0 * reg * AT(net->W1, d, h);
            for (size_t n = 0; n < nBatch; n++)
                acc += ATT(X, d, n) * AT(g->dz1, n, h);
            AT(g->dW1, d, h) = acc;
        }
    }
    for (size_t h = 0; h < nHidden; h++) {
        double acc = 0.0;
        for (size_t n = 0; n < nBatch; n++)
            acc += AT(g->dz1, n, h);
        VAT(g->db1, h) = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
